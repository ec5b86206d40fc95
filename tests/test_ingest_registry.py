"""The reader registry: formats claim files, kinds declare their evidence, detect keeps why."""

from __future__ import annotations

from pathlib import Path

from jixiao.ingest import read_bytes, read_file, recognise
from jixiao.ingest.registry import UNKNOWN, Clue, clues, detect, find_kind, format_for, formats, kinds, word
from jixiao.ingest.text import split_lines

DATA = Path(__file__).parent / "data"
GOALS_SEED = DATA / "000_9e54d6a05597118f.txt"
ACCOUNTS_SEED = DATA / "002_898987880c89420a.txt"


def test_built_in_formats_and_kinds_in_their_order():
    assert [f.name for f in formats()] == ["xlsx", "pdf", "text"]
    names = [k.name for k in kinds()]
    assert names[:2] == ["goal_tables", "final_accounts"]  # the seeds' kinds first: they win ties
    assert {"self_evaluation", "evaluation_scores"} <= set(names)
    assert names[-3:] == ["three_public", "monitoring_report", "selfeval_report"]  # the prose kinds last
    assert find_kind("goal_tables").title == "绩效目标表"


def test_a_format_claims_a_file_by_suffix_or_magic_bytes():
    assert format_for("a.xlsx").name == "xlsx"
    assert format_for("a.XLSM").name == "xlsx"
    assert format_for("a.pdf").name == "pdf"
    assert format_for("scan.bin", b"\x00\x00%PDF-1.7").name == "pdf"
    assert format_for("notes.txt", b"PK\x03\x04").name == "text"  # a zip is a workbook only by its name


def test_each_seed_is_recognised_with_its_evidence():
    goals = recognise(GOALS_SEED.read_text(encoding="utf-8"))
    assert goals.kind == "goal_tables" and goals.best is not None and goals.best.kind == "goal_tables"
    assert goals.detection is not None and "“绩效目标表”" in goals.detection.evidence
    assert goals.detection.confidence >= find_kind("goal_tables").threshold
    accounts = recognise(ACCOUNTS_SEED.read_text(encoding="utf-8"))
    assert accounts.kind == "final_accounts"
    assert {"goal_tables", "final_accounts"} <= {c.kind for c in accounts.candidates}
    confidences = [c.detection.confidence for c in accounts.candidates]
    assert confidences == sorted(confidences, reverse=True)


def test_unknown_keeps_the_closest_candidate_and_what_it_lacked():
    r = recognise("部门决算\n一些说明文字")
    assert r.kind == UNKNOWN and r.detection is None
    assert r.best is not None and r.best.kind == "final_accounts"
    assert r.best.detection.evidence == ("“部门决算”",) and "“公开01表”" in r.best.detection.missing


def test_clues_combine_as_independent_evidence():
    evidence = clues(word("甲"), word("乙"), Clue("表头", 0.9, lambda text: "序号\t" in text))
    assert evidence("无").confidence == 0
    assert evidence("甲").confidence == 0.5
    assert evidence("甲乙").confidence == 0.75
    both = evidence("甲乙\n序号\t名称")
    assert abs(both.confidence - 0.975) < 1e-9 and both.evidence == ("“甲”", "“乙”", "表头") and both.missing == ()


def test_equal_confidence_goes_to_the_kind_listed_first():
    text = "绩效目标表 项目编码 部门决算 决算情况说明"  # two clues of each kind
    assert detect(split_lines(text)).kind == "goal_tables"


def test_a_workbook_is_read_from_bytes_like_from_its_file(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip file at all")
    by_file, by_bytes = read_file(bad), read_bytes(bad.read_bytes(), str(bad))
    assert [f.code for f in by_file.findings] == [f.code for f in by_bytes.findings] == ["file-unreadable"]


def test_a_web_capture_header_is_metadata_not_text():
    from jixiao.ingest import read_text

    text = "SOURCE: http://example.gov.cn/a.html\nNOTE: 绩效自评表 部门决算 目标表\n\n其他文字\n"
    doc = read_text(text, "c.txt")
    codes = [f.code for f in doc.findings]
    assert codes[0] == "capture-header" and "第1–2行" in doc.findings[0].message
    assert doc.kind == UNKNOWN  # the NOTE's words are not evidence
    unknown = next(f for f in doc.findings if f.code == "document-kind-unknown")
    assert "没有任何一类文档的特征" in unknown.message
    assert read_text("正文\nSOURCE: x\n", "d.txt").findings[0].code != "capture-header"  # only at the very top


def test_unknown_names_the_closest_kind_and_what_it_lacked():
    from jixiao.ingest import read_text

    doc = read_text("部门决算\n一些说明文字\n", "e.txt")
    unknown = next(f for f in doc.findings if f.code == "document-kind-unknown")
    assert "最接近部门决算" in unknown.message and "已见：“部门决算”" in unknown.message and "未见：" in unknown.message


def test_a_recognised_document_says_why():
    from jixiao.ingest import read_text

    doc = read_text(GOALS_SEED.read_text(encoding="utf-8"), "g.txt")
    note = next(f for f in doc.findings if f.code == "document-kind-detected")
    assert note.severity == "info" and "识别为绩效目标表" in note.message and "“绩效目标表”" in note.message


def test_a_kind_short_of_its_threshold_does_not_hide_one_that_reaches_its_own(monkeypatch):
    """The most confident kind that reaches its threshold wins, even when a more confident kind
    falls short of a stricter one (it used to give 'unknown')."""
    from dataclasses import replace

    from jixiao.ingest import registry

    goals, accounts = find_kind("goal_tables"), find_kind("final_accounts")
    strict = replace(goals, threshold=0.9, evidence=clues(Clue("甲", 0.7, lambda t: "甲" in t)))
    lenient = replace(accounts, threshold=0.5, evidence=clues(Clue("乙", 0.6, lambda t: "乙" in t)))
    monkeypatch.setattr(registry, "kinds", lambda: (strict, lenient))
    assert detect(split_lines("甲乙")).kind == "final_accounts"
    assert detect(split_lines("甲")).kind == UNKNOWN
