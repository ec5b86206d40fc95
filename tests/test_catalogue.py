"""Every finding code the code base emits is declared in the one catalogue."""

import re
from pathlib import Path

from jixiao.findings import CATALOGUE, make_finding
from jixiao.model.source import Source

PACKAGE = Path(__file__).resolve().parent.parent / "jixiao"
EMITTED = re.compile(r"""(?:report|make_finding|Problem)\(\s*["']([a-z0-9-]+)["']""")


def test_every_emitted_code_is_catalogued():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(EMITTED.findall(path.read_text(encoding="utf-8")))
    assert used, "the pattern found no emitted codes at all"
    assert sorted(used - set(CATALOGUE)) == []


def test_catalogue_entries_are_well_formed():
    for code, kind in CATALOGUE.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
        assert kind.title and kind.template
        assert re.search(r"[\u4e00-\u9fff]", kind.template), code  # messages are Chinese


def test_unknown_code_does_not_raise():
    f = make_finding("no-such-code", Source("x.txt", line=3), text="abc")
    assert f.code == "no-such-code" and "text=abc" in f.message


def test_docs_checks_md_is_current():
    from jixiao.cli.catalogue import catalogue_markdown

    doc = Path(__file__).resolve().parent.parent / "docs" / "checks.md"
    assert doc.read_text(encoding="utf-8") == catalogue_markdown(), "run: jixiao catalogue > docs/checks.md"
