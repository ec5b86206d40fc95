"""A document made of several parts (issue 13, item 1): cut at strong headings, each part recognised
through the registry and, when of another kind than the document, read by its own reader."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.runner import run_checks
from jixiao.ingest import read_file, read_text
from jixiao.ingest.parts import boundaries
from jixiao.ingest.text import split_lines
from jixiao.model.selfeval import SelfEvaluationForms
from jixiao.model.statement import Statement
from tests.conftest import shared_path


def corpus(prefix: str):
    (path,) = sorted(shared_path("corpus/text").glob(f"{prefix}_*.txt"))
    return read_file(path)


def test_11_score_table_then_prose_then_another_score_table():
    doc = corpus("11")
    assert [(p.kind, p.first_line, p.last_line) for p in doc.parts] == [
        ("evaluation_scores", 4, 24),
        ("selfeval_report", 24, 27),
        ("evaluation_scores", 28, 34),
    ]
    prose = doc.parts[1]
    assert prose.title == "3.部门整体支出绩效自评开展情况"
    assert prose.first_column == 10  # the heading runs on after the 总分 row of the table above
    assert prose.read_by == "selfeval_report" and isinstance(prose.body, Statement)
    assert any(f.value == Decimal(90) for f in prose.body.figures)
    assert [p.read_by for p in doc.parts if p.kind == "evaluation_scores"] == ["evaluation_scores"] * 2
    assert any(f.code == "document-part" and f.source.line == 24 for f in doc.findings)


def test_16_budget_section_then_final_accounts_section():
    doc = corpus("16")
    assert [(p.kind, p.title) for p in doc.parts] == [
        ("three_public", "一、2022年“三公”经费预算安排情况"),
        ("three_public", "二、2021年“三公”经费决算情况"),
    ]
    assert [p.first_line for p in doc.parts] == [4, 6]
    assert all(p.read_by == "three_public" and p.body is None for p in doc.parts)  # one statement, read whole


def test_17_the_three_public_section_of_a_final_accounts_is_one_part():
    doc = corpus("17")
    assert [(p.kind, p.read_by) for p in doc.parts] == [("three_public", "three_public")]


def test_the_forms_of_a_final_accounts_stay_read_by_it():
    doc = read_file(shared_path("seeds/002_898987880c89420a.txt"))
    kinds = {p.kind for p in doc.parts}
    assert {"final_accounts", "self_evaluation"} <= kinds
    assert {p.read_by for p in doc.parts} == {"final_accounts"} and all(p.body is None for p in doc.parts)
    assert not [f for f in doc.findings if f.code == "document-part"]


def test_parse_json_shows_the_parts():
    from jixiao.serialize import document_dict

    out = document_dict(corpus("11"))
    assert [p["kind"] for p in out["parts"]] == ["evaluation_scores", "selfeval_report", "evaluation_scores"]
    assert out["parts"][1]["body"]["kind"] == "selfeval_report"
    assert len(out["forms"]["score_tables"]) == 2


# -- generated documents: blocks of different kinds in any order, headings numbered any way ----------

NUMBERING = ("一、", "二、", "3.", "4．", "（二）", "（五）", "第三部分 ")


def score_block(year: int, heading: str) -> str:
    return (
        f"{year}年项目支出绩效评价{heading}\n一级指标 二级指标 三级指标 分值 得分\n"
        "项目决策(40分) 项目立项(40分) 立项依据充分性 20 18\n立项程序规范性 20 20\n"
        "项目产出(60分) 产出数量(60分) 实际完成率 60 55\n总分 100 93"
    )


def prose_block(year: int, number: str) -> str:
    return (
        f"{number}部门整体支出绩效自评开展情况\n按照预算绩效管理要求，本部门对{year}年整体支出开展绩效自评，"
        "自评得分90分。基本情况：存在的问题是预算编制不够准确，下一步将改进。"
    )


def three_public_block(year: int, number: str, edition: str) -> str:
    return (
        f"{number}{year}年“三公”经费{edition}情况\n{year}年“三公”经费{edition}12.5万元，其中：因公出国（境）费0万元，"
        "公务接待费4.5万元，公务用车运行维护费8万元。"
    )


@settings(max_examples=25, deadline=None)
@given(
    st.permutations(["scores", "prose", "three_public"]),
    st.lists(st.sampled_from(NUMBERING), min_size=3, max_size=3),
    st.sampled_from(["得分表", "评分表"]),
    st.sampled_from(["预算安排", "决算"]),
    st.integers(2016, 2024),
    st.booleans(),
)
def test_blocks_of_different_kinds_are_parts_in_order(order, numbers, heading, edition, year, run_on):
    blocks = {
        "scores": score_block(year, heading),
        "prose": prose_block(year, numbers[1]),
        "three_public": three_public_block(year, numbers[2], edition),
    }
    kinds = {"scores": "evaluation_scores", "prose": "selfeval_report", "three_public": "three_public"}
    text = blocks[order[0]]
    for name in order[1:]:
        text += (" " if run_on else "\n") + blocks[
            name
        ]  # a heading run on after the last row above, or on its own line
    doc = read_text(text, "t.txt")
    assert [p.kind for p in doc.parts] == [kinds[n] for n in order], text
    for part in doc.parts:
        assert part.read_by in (part.kind, doc.kind)
        if part.kind != doc.kind:
            assert part.body is not None
    forms = [b for b in doc.all_bodies() if isinstance(b, SelfEvaluationForms)]
    assert [len(t.items) for f in forms for t in f.score_tables] == [3]
    assert not [f for f in run_checks([doc]).findings if f.severity == "error"], text


@given(st.sampled_from(NUMBERING), st.sampled_from(["自评", "三公", "决算", "预算", "监控"]))
def test_a_heading_is_a_boundary_only_when_it_names_a_kind(number, word):
    named = boundaries(split_lines(f"正文第一段。\n{number}本年度{word}工作开展情况\n正文。"))
    assert [(line, column) for line, column, _ in named] == [(2, 1)]
    plain = boundaries(split_lines(f"正文第一段。\n{number}本年度主要职能情况\n正文。"))
    assert plain == []


@settings(max_examples=10, deadline=None)
@given(st.booleans(), st.sampled_from(NUMBERING))
def test_the_checks_see_every_part(table_first, number):
    """A score table whose total is wrong and a “三公” statement whose items do not add up, in one text:
    both are found, whichever part gives the document its kind."""
    table = score_block(2021, "得分表").replace("总分 100 93", "总分 100 95")
    statement = three_public_block(2021, number, "预算安排").replace("12.5万元", "13.5万元")
    text = f"{table}\n{statement}" if table_first else f"{statement}\n{table}"
    found = {f.code for f in run_checks([read_text(text, "t.txt")]).findings}
    assert {"score-sum-mismatch", "statement-total-mismatch"} <= found
