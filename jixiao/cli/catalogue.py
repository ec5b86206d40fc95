"""``jixiao catalogue [--json]``: the finding catalogue, as Markdown (docs/checks.md) or JSON."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def catalogue_markdown() -> str:
    from jixiao.findings import CATALOGUE

    lines = [
        "# Finding catalogue (发现类型目录)",
        "",
        "Generated from `jixiao/findings.py` by `jixiao catalogue > docs/checks.md`; a test keeps it current.",
        "Every finding jixiao reports has one of these stable codes. `{…}` marks the values filled in.",
        "",
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
