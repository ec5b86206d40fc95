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


# -- the severity policy (docs/checks.md's preamble, jixiao/cli/catalogue.py SEVERITY_POLICY) ----------------------


def test_coverage_and_rounding_are_info():
    for code, kind in CATALOGUE.items():
        if {"coverage", "rounding"} & set(kind.tags):
            assert kind.severity.value == "info", code


def test_a_statement_not_found_is_coverage():
    # "…中未找到…的表述", "…未读取", "…无法检查": the reader could not locate it; the document may say it otherwise
    for code, kind in CATALOGUE.items():
        if re.search(r"未找到.{0,12}的表述|该数字未读取|其中的数字未读取|勾稽关系无法检查", kind.template):
            assert "coverage" in kind.tags and kind.severity.value == "info", code


def test_visible_defects_are_not_info():
    visible = [code for code, kind in CATALOGUE.items() if {"visible", "template"} & set(kind.tags)]
    assert {"punctuation-doubled", "template-placeholder", "template-instruction", "year-mismatch"} <= set(visible)
    for code in visible:
        if code != "form-template-row":  # an unfilled row of a stand-alone form: the form's layout, not print
            assert CATALOGUE[code].severity.value != "info", code


def test_rounding_gaps_say_so():
    for code, kind in CATALOGUE.items():
        if "尾数" in kind.title or "尾数误差范围内" in kind.template:
            assert "rounding" in kind.tags, code


def test_the_policy_is_the_preamble():
    from jixiao.cli.catalogue import SEVERITY_POLICY, catalogue_markdown

    head = catalogue_markdown().split("\n## ", 2)
    assert "\n".join(SEVERITY_POLICY).strip() in catalogue_markdown()
    assert head[1].startswith("Severity policy")
