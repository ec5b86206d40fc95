"""Score tables flattened into running text (issue 13): rows read into ScoreItem records whatever
side of the labels the weights stand on, with values on the row or at the start of the next line
and page numbers in between; the checks of Σ分值, Σ得分, the blank 总分 and the score stated in prose."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.runner import run_checks
from jixiao.checks.scores import weight_sum
from jixiao.ingest import read_file, read_text
from jixiao.ingest.score_rows import LEVEL_ENDINGS, read_rows, split_glued
from tests.conftest import shared_path

D = Decimal


def eleven():
    return read_file(shared_path("corpus/text/11_unknown-province_overall-eval-scoretable_2017.txt"))


def codes(doc) -> list[str]:
    return [f.code for f in run_checks([doc]).findings]


# -- corpus 11 -----------------------------------------------------------------------------------


def test_11_project_sheet_rows_read_with_their_levels_weights_and_scores():
    project, _ = eleven().forms.score_tables
    rows = {i.level3: i for i in project.items}
    # values as printed on the page (a row's 分值 and 得分 at the start of the next line)
    assert (rows["执行规范"].weight, rows["执行规范"].score) == (D(3), D(2))
    assert (rows["完成质量"].weight, rows["完成质量"].score) == (D(5), D(4))
    assert (rows["服务对象满意度"].weight, rows["服务对象满意度"].score) == (D(10), D(10))
    assert (rows["资金分配"].level1, rows["资金分配"].level2, rows["资金分配"].level2_weight) == (
        "项目管理",
        "资金管理",
        D(7),
    )
    assert rows["必要性(政策依据)"].level2 == "科学决策" and rows["必要性(政策依据)"].level1_weight == D(20)
    assert rows["经济效益(可选项)"].weight == D(40) and rows["经济效益(可选项)"].score is None
    assert weight_sum(project) == D(100)  # 可选项 counted once
    assert sum(i.score for i in project.items if i.score is not None) == D(58)
    assert project.total_row is not None and project.total is None  # the 总分 row is printed, its score blank
    assert D(14) not in {i.score for i in project.items} | {i.weight for i in project.items}  # page number


def test_11_whole_department_sheet_weights_printed_after_the_labels():
    _, whole = eleven().forms.score_tables
    assert whole.title == "2017年部门整体支出绩效评价得分表"
    rows = {i.level3: i for i in whole.items}
    assert (rows["测算依据"].weight, rows["测算依据"].score, rows["测算依据"].level2) == (D(5), D(2), "预算编制")
    assert (rows["目标管理"].weight, rows["目标管理"].score) == (D(5), D(4))
    assert rows["相关性"].level1 == "部门决策" and rows["相关性"].level1_weight == D(25)
    assert rows["省级财力专项预算分配时限"].score == D(1)
    assert "综合管理" in whole.open_levels  # cut in the 综合管理 block
    assert not whole.complete


def test_11_findings_the_blank_total_and_the_page_number_but_no_false_comparison():
    doc = eleven()
    found = codes(doc)
    assert found.count("score-total-blank") == 1
    assert "score-stated-mismatch" not in found  # 90 分 is the 部门整体 score; that table is cut
    assert "score-sum-mismatch" not in found and "score-weights-sum" not in found
    assert any(f.code == "page-number-in-cell" and f.source.line == 11 for f in doc.findings)
    assert doc.forms.stated_scores[0].score == D(90)


# -- generated tables: either side, values on the row or the next line, page numbers ---------------

SAFE = "质量时效成本满意度覆盖率规范制度资金使用到位及时准确完整程度培训宣传服务对象设施维护安全信息公开"
NAMES = [
    a + b + (c if (i + j) % 2 else "")
    for i, a in enumerate(SAFE[:8])
    for j, (b, c) in enumerate(zip(SAFE[8:16], SAFE[16:24], strict=True))
]
PREFIXES = ("项目", "资金", "科学", "社会", "业务", "组织", "部门", "预算")


@st.composite
def rubric(draw):
    """A rubric of 一级 → 二级 → rows with weights and scores (weights of levels are their sums)."""
    names = iter(draw(st.permutations(NAMES)))
    out = []
    for _ in range(draw(st.integers(1, 3))):
        level2s = []
        for _ in range(draw(st.integers(1, 3))):
            rows = []
            for _ in range(draw(st.integers(1, 3))):
                weight = draw(st.integers(1, 10))
                rows.append((next(names), D(weight), D(draw(st.integers(0, weight)))))
            level2s.append((draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(LEVEL_ENDINGS)), rows))
        out.append((draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(LEVEL_ENDINGS)), level2s))
    return out


def _sum(rows) -> D:
    return sum((w for _, w, _ in rows), D(0))


def render(tree, *, before: bool, next_line: bool, glued: bool, pages: list[int], scored_only: bool, total: str) -> str:
    """The rubric as a converter flattens it (weights before or after the labels); with ``next_line`` a
    row's values open the next line; a page number opens the line after each of the first rows."""
    out = ["一级指标 二级指标 三级指标 " + ("得分" if scored_only else "分值 得分")]
    page = iter(pages)
    cur = ""
    for name1, level2s in tree:
        w1 = sum((_sum(rows) for _, rows in level2s), D(0))
        cur += f"({w1}分){name1}" if before else f"{name1}({w1}分) "
        for name2, rows in level2s:
            cur += (f"({_sum(rows)}分){name2}" + ("" if glued else " ")) if before else f"{name2}({_sum(rows)}分) "
            for name, w, s in rows:
                label = name if before else f"{name}({w}分)"
                values = f"{s}" if (scored_only or not before) else f"{w} {s}"
                if next_line:
                    out.append(cur + label)
                    cur = values + " "
                else:
                    out.append(f"{cur}{label} {values}")
                    cur = ""
                if (p := next(page, None)) is not None:
                    out.append(cur)
                    cur = f"{p} "
    out.append(cur + total)
    return "\n".join(x for x in out if x.strip())


@settings(max_examples=150, deadline=None)
@given(rubric(), st.booleans(), st.booleans(), st.booleans(), st.lists(st.integers(10, 99), max_size=3), st.booleans())
def test_generated_score_tables_read_back_exactly(tree, before, next_line, glued, pages, scored_only):
    scored_only = scored_only and not before  # a table printing weights before its labels prints a 分值 column
    text = render(tree, before=before, next_line=next_line, glued=glued, pages=pages, scored_only=scored_only,
                  total="总分")  # fmt: skip
    rows = read_rows(list(enumerate(text.split("\n"), start=1)), "<t>")
    expected = [(n1, n2, name, w, s) for n1, l2 in tree for n2, rows_ in l2 for name, w, s in rows_]
    got = [(i.level1, i.level2, i.level3, i.weight, i.score) for i in rows.items]
    assert got == expected, text
    printed = pages[: len(expected)]  # a page number after each of the first rows
    assert sorted(int(p) for p, _ in rows.page_numbers) == sorted(printed), text
    assert rows.total_printed and rows.total_score is None and not rows.open_levels


def _table(total_line: str, *, stated: str = "") -> str:
    return (
        "2020年项目支出绩效评价得分表\n一级指标 二级指标 三级指标 分值 得分\n"
        "项目决策(40分) 项目立项(40分) 立项依据充分性 20 18\n立项程序规范性 20 20\n"
        "项目产出(60分) 产出数量(60分) 实际完成率 60 55\n" + total_line + "\n" + stated
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 100), st.sampled_from(["总分", "合计"]))
def test_sum_of_scores_against_the_printed_total(printed, label):
    doc = read_text(_table(f"{label} 100 {printed}"), "t.txt")
    found = codes(doc)
    assert ("score-sum-mismatch" in found) == (printed != 93)
    assert "score-weights-sum" not in found and "score-total-blank" not in found


def test_weights_not_filling_full_marks_and_a_blank_total():
    doc = read_text(_table("总分").replace("实际完成率 60 55", "实际完成率 50 45"), "t.txt")
    found = codes(doc)
    # 产出数量(60分) holds one row of 50: the level is left unfilled, so the table is not summed
    assert "score-weights-sum" not in found and "score-total-blank" in found
    doc = read_text(_table("总分 90 83").replace("(60分)", "(50分)").replace("60 55", "50 45"), "t.txt")
    assert [f for f in run_checks([doc]).findings if f.code == "score-weights-sum"] == []
    doc = read_text(_table("总分 100 83").replace("(60分)", "(50分)").replace("60 55", "50 45"), "t.txt")
    (finding,) = [f for f in run_checks([doc]).findings if f.code == "score-weights-sum"]
    assert finding.actual == "90" and finding.expected == "100"


@settings(max_examples=30, deadline=None)
@given(st.integers(50, 100), st.sampled_from(["本项目自评得分{n}分。", "经评价，该项目综合得分为{n}分。"]))
def test_score_stated_in_prose_against_the_table(n, sentence):
    doc = read_text(_table("总分 100 93", stated=sentence.format(n=n)), "t.txt")
    assert ("score-stated-mismatch" in codes(doc)) == (n != 93)


def test_a_sentence_about_the_whole_department_is_not_compared_with_a_project_table():
    doc = read_text(_table("总分 100 93", stated="本部门对部门整体支出开展绩效自评，自评得分80分。"), "t.txt")
    assert "score-stated-mismatch" not in codes(doc)


def test_split_glued_level_and_row_names():
    assert split_glued("科学决策必要性") == ("科学决策", "必要性")
    assert split_glued("项目效益经济效益(可选项)") == ("项目效益", "经济效益(可选项)")
    assert split_glued("满意度") == ("", "满意度")
