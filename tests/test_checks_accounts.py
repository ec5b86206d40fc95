"""Final-accounts identities: each check fires on a mutated seed and stays silent on the real one."""

from jixiao.checks import run_checks
from jixiao.ingest import read_text
from tests.conftest import ACCOUNTS

TEXT = ACCOUNTS.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def check(text):
    return run_checks([read_text(text, "x.txt")], select=["accounts"], include_reading=False)


def mutate(line_no: int, old: str, new: str) -> str:
    lines = list(LINES)
    assert old in lines[line_no - 1], (line_no, lines[line_no - 1])
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    return "\n".join(lines)


def errors(report):
    return sorted((f.code, f.source.line) for f in report.findings if f.severity == "error")


def test_seed_tables_have_no_errors_only_rounding_gaps():
    report = check(TEXT)
    assert errors(report) == []
    gaps = [f for f in report.findings if f.code == "rounding-gap"]
    assert len(gaps) == 24
    first = gaps[0]
    assert first.source.line == 134 and first.expected == "95,881.05" and first.actual == "95,881.04"
    assert "尾数误差" in first.message
    assert all(f.code in {"rounding-gap"} for f in report.findings)


def test_summary_income_total_wrong():
    report = check(mutate(134, "96,034.24", "96,134.24"))
    assert ("total-mismatch", 134) in errors(report)  # 本年收入合计 ≠ Σ收入各项
    assert ("cross-table-mismatch", 155) in errors(report)  # X1: 表02 合计 now differs from 表01
    found = next(f for f in report.findings if f.code == "total-mismatch" and f.source.line == 134)
    assert found.expected == "96,034.24" and found.actual == "96,134.24" and "相差100.00" in found.message


def test_summary_sides_do_not_balance():
    report = check(mutate(138, "总计\t31\t96,719.61", "总计\t31\t96,729.61"))
    assert ("balance-mismatch", 138) in errors(report)


def test_income_row_and_hierarchy():
    report = check(mutate(165, "1.69", "2.69"))  # 2040601 其他收入
    codes = errors(report)
    assert ("row-sum-mismatch", 165) in codes  # 本年收入合计 4,136.39 ≠ 4,134.70 + 2.69
    assert ("subject-sum-mismatch", 164) in codes  # 20406 其他收入 ≠ Σ项


def test_basic_detail_class_sum():
    report = check(mutate(352, "8,916.14", "8,926.14"))  # 30101 基本工资
    assert ("subject-sum-mismatch", 351) in errors(report)  # 301 ≠ Σ款


def test_three_public_totals():
    report = check(mutate(436, "178.50", "188.50"))
    found = [f for f in report.findings if f.code == "total-mismatch"]
    assert found and found[0].source.column == 1 and found[0].expected == "178.50"


def test_fiscal_summary_fund_identity_and_row_sum():
    # 表04 公共安全支出 合计 81,279.97 → 81,289.97: the row no longer equals its fund columns
    report = check(mutate(256, "81,279.97\t81,279.97", "81,289.97\t81,279.97"))
    assert ("row-sum-mismatch", 256) in errors(report)
    assert ("total-mismatch", 283) in errors(report)  # 本年支出合计 (合计栏) ≠ Σ类


def test_cross_table_general_budget_basic():
    report = check(mutate(303, "70,770.50", "70,870.50"))  # 表05 合计 基本支出
    codes = errors(report)
    assert ("cross-table-mismatch", 303) in codes  # X8 against table 06


def test_empty_fund_table_note():
    no_note = TEXT.replace(" 2. 本部门没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。", "")
    report = check(no_note)
    assert [f.code for f in report.findings if f.code.startswith("empty-table")] == ["empty-table-note-missing"]
    with_money = mutate(403, "\t合计\t0.00", "\t合计\t5.00")
    report = check(with_money)
    assert "empty-table-note-contradicts" in {f.code for f in report.findings}


def test_basic_detail_three_public_item_exceeds_table_09():
    report = check(mutate(367, "11.60", "21.60"))  # 30217 公务接待费 in table 06
    found = [f for f in report.findings if f.code == "three-public-exceeds"]
    assert len(found) == 1 and found[0].expected == "11.60" and found[0].actual == "21.60"


def test_rounding_within_tolerance_is_info_not_error():
    # 表06 人员经费合计 65,265.10 vs Σ classes 65,265.11: a 0.01 gap over 2 summands is 尾数误差
    report = check(TEXT)
    gap = next(f for f in report.findings if f.source.line == 388 and "人员经费合计" in f.message)
    assert gap.code == "rounding-gap" and gap.severity == "info"
    # the same gap made larger becomes an error
    report = check(mutate(388, "65,265.10", "65,265.00"))
    assert ("total-mismatch", 388) in errors(report)
