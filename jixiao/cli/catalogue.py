"""``jixiao catalogue [--json]``: the finding catalogue, as Markdown (docs/checks.md) or JSON."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

# The severity policy: the preamble of docs/checks.md; tests/test_catalogue.py enforces it over the catalogue.
SEVERITY_POLICY = (
    "## Severity policy (严重程度)",
    "",
    "- `error` (错误): the document contradicts itself or the rules — a total that is not the sum of its items,",
    "  two tables that disagree, a narrative number that differs from its table, a grade that does not follow",
    "  from its score.",
    "- `warning` (警告): very likely wrong or missing, and visible to the reader of the published document — a",
    "  placeholder or fill-in instruction left in print (tag `template`), a typo such as `。。` or a percentage",
    "  without `%`, a year that is not the document's (tag `visible`), a table or section the template requires",
    "  and the document lacks. A visible defect is never `info`: `jixiao check` hides `info` by default.",
    "- `info` (提示): coverage and rounding. Coverage (tag `coverage`): what jixiao could not read or locate —",
    "  a statement not found in the wording it expected (`未找到…的表述`), a section or row not found, text",
    "  left unplaced; the document may well say it in other words, so it is not a defect. Rounding (tag",
    "  `rounding`): a gap within the 尾数误差 the rounded inputs allow. Also the notes of reading (what kind",
    "  of document was recognised, what was cleaned up).",
    "",
)


def catalogue_markdown() -> str:
    from jixiao.findings import CATALOGUE

    lines = [
        "# Finding catalogue (发现类型目录)",
        "",
        "Generated from `jixiao/findings.py` by `jixiao catalogue > docs/checks.md`; a test keeps it current.",
        "Every finding jixiao reports has one of these stable codes. `{…}` marks the values filled in.",
        "",
        *SEVERITY_POLICY,
    ]
    by_area: dict[str, list] = {}
    for kind in CATALOGUE.values():
        by_area.setdefault(kind.tags[0] if kind.tags else "other", []).append(kind)
    for area, kinds in by_area.items():
        lines += [f"## {area}", "", "| code | severity | title | message | tags |", "| --- | --- | --- | --- | --- |"]
        for k in kinds:
            template = k.template.replace("|", "\\|")
            lines.append(
                f"| `{k.code}` | {k.severity} ({SEVERITY_ZH[str(k.severity)]}) | {k.title} | {template} "
                f"| {', '.join(k.tags)} |"
            )
        lines.append("")
    return "\n".join(lines)


def catalogue(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    from jixiao.findings import CATALOGUE

    if as_json:
        payload = [
            {"code": k.code, "severity": str(k.severity), "title": k.title,
             "template": k.template, "tags": list(k.tags), "description": k.description}
            for k in CATALOGUE.values()
        ]
        json.dump({"kinds": payload}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(catalogue_markdown())
