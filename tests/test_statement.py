"""Statements in prose (“三公”经费说明, 绩效运行监控报告, 绩效自评报告): recognised, their figures
read exactly, their real defects found, consistent text left alone.

The real documents are read from ../shared/corpus/text (never copied into the project); the
values asserted are the values printed in them. The generated paragraphs vary wording, order,
units and script (Simplified, Traditional with pinyin residue) and must read back exactly.
"""

from __future__ import annotations

import glob
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks.runner import run_checks
from jixiao.ingest import read_file, read_text
from jixiao.ingest.hanzi import normalise, traditional
from jixiao.model.codec import decode, encode
from jixiao.model.document import Document
from jixiao.model.statement import (
    AMOUNT,
    BLANK,
    CHANGE,
    CHANGE_PERCENT,
    COUNT,
    DOWN,
    FLAT,
    OVERSEAS,
    RATE,
    RECEPTION,
    TOTAL,
    UP,
    VEHICLE_PURCHASE,
    VEHICLE_RUNNING,
    VEHICLES,
)
from tests.conftest import SHARED, shared_path

D = Decimal


def corpus(prefix: str) -> Document:
    matches = sorted(glob.glob(str(SHARED / "corpus" / "text" / f"{prefix}_*.txt")))
    if not matches:
        shared_path(f"corpus/text/{prefix}_*.txt")  # skips (or fails under CI) with the reason
    return read_file(shared_path(str(Path(matches[0]).relative_to(SHARED))))


def findings(doc: Document, *severities: str) -> list:
    report = run_checks([doc])
    return [f for f in report.findings if not severities or str(f.severity) in severities]


def codes(doc: Document, *severities: str) -> list[str]:
    """The codes of the checks' findings (the reader's notes on why a kind was chosen left out)."""
    reading = {"capture-header", "document-kind-detected"}
    return sorted(f.code for f in findings(doc, *severities) if f.code not in reading)


def amounts(doc: Document, subject: str, year: int | None) -> list[Decimal]:
    assert doc.statement is not None
    return [f.value for f in doc.statement.figures if f.what == AMOUNT and f.subject == subject and f.year == year]


def changes(doc: Document, subject: str) -> list[tuple[str | None, Decimal | None]]:
    assert doc.statement is not None
    return [(f.direction, f.value) for f in doc.statement.figures if f.what == CHANGE and f.subject == subject]


# -- the real documents ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("09", "selfeval_report"), ("10", "selfeval_report"), ("12", "monitoring_report")]
    + [(f"{n}", "three_public") for n in range(13, 21)],
)
def test_prose_documents_are_recognised(prefix, kind):
    doc = corpus(prefix)
    assert doc.kind == kind
    assert doc.statement is not None and doc.statement.figures
    assert not [f for f in doc.findings if f.code == "unplaced-text"]  # every line is placed


@pytest.mark.parametrize("prefix", ["01", "02", "03", "04", "05", "06", "07", "08", "11", "21", "22", "23", "28"])
def test_other_kinds_are_not_taken_for_prose(prefix):
    assert corpus(prefix).kind not in ("three_public", "monitoring_report", "selfeval_report")


def test_13_yingde_budget_reception_figures_do_not_agree():
    doc = corpus("13")
    assert doc.statement.year == 2016 and doc.statement.body == "英德市经信局"
    assert amounts(doc, TOTAL, 2016) == [D("33")] and amounts(doc, TOTAL, 2015) == [D("57.55")]
    assert amounts(doc, RECEPTION, 2016) == [D("8")] and amounts(doc, RECEPTION, 2015) == [D("12.5")]
    assert amounts(doc, VEHICLE_RUNNING, 2015) == [D("45.2")]  # printed “公务车辆运行”
    assert changes(doc, RECEPTION) == [(DOWN, D("4.35"))]
    # 12.5 − 8 = 4.50, not 4.35; 4.35 ÷ 12.5 = 34.80%, not 35.22%; 12.5 + 45.2 = 57.70 > 57.55
    errors = {f.code: f for f in findings(doc, "error")}
    assert sorted(errors) == ["statement-change-mismatch", "statement-items-exceed-total", "statement-percent-mismatch"]
    assert errors["statement-change-mismatch"].expected == "减少4.50万元"
    assert errors["statement-percent-mismatch"].expected == "34.80%"
    assert errors["statement-items-exceed-total"].expected == "57.70万元"
    assert all(f.source.line == 5 for f in errors.values())


def test_14_zhanjiang_blanks_in_traditional_text():
    doc = corpus("14")
    assert amounts(doc, TOTAL, 2017) == [D("35")]
    assert amounts(doc, VEHICLES, 2017) == [D("5")] and amounts(doc, RECEPTION, 2017) == [D("30")]
    assert changes(doc, RECEPTION) == [(DOWN, D("2"))]
    counts = [(f.value, f.unit) for f in doc.statement.figures if f.what == COUNT]
    assert counts == [(D("2"), "辆"), (D("46"), "批次"), (D("600"), "人")]
    raw = next(f for f in doc.statement.figures if f.what == AMOUNT and f.subject == TOTAL).raw
    assert raw == "35萬(wàn)元"  # kept as printed
    assert codes(doc, "error") == []
    blanks = findings(doc, "warning")
    assert [f.code for f in blanks] == ["statement-blank"] * 4
    assert sum("占 %" in f.message for f in blanks) == 3


def test_15_heshan_is_consistent():
    doc = corpus("15")
    assert doc.statement.edition == "budget"
    assert amounts(doc, TOTAL, 2018) == [D("24.75"), D("24.75")]
    assert changes(doc, OVERSEAS) == [(FLAT, D(0))]  # “持平，无增减变化” is one statement
    assert changes(doc, RECEPTION) == [(DOWN, D("4.65"))]
    assert codes(doc) == []


def test_16_ordos_budget_against_last_years_final():
    doc = corpus("16")
    assert doc.statement.edition == "mixed"
    assert amounts(doc, TOTAL, 2022) == [D("21.8")] and amounts(doc, TOTAL, 2021) == [D("20.12")]
    assert amounts(doc, RECEPTION, 2021) == [D("12.39")]
    assert changes(doc, RECEPTION) == [(DOWN, D("0.58"))]
    # 12.39 − 11.8 = 0.59: a gap of 0.01 is 尾数误差 (info), as is the items' 1.69 against 1.68
    assert codes(doc, "error", "warning") == []
    assert codes(doc) == ["statement-rounding-gap", "statement-rounding-gap"]


def test_17_wuzhou_hard_wrapped_lines_are_joined():
    doc = corpus("17")
    assert amounts(doc, RECEPTION, 2020)[0] == D("1.5")  # printed “1.5万” / “元” over two lines
    pct = [(f.subject, f.value) for f in doc.statement.figures if f.what == CHANGE_PERCENT]
    assert pct == [(TOTAL, D("39.4")), (VEHICLE_RUNNING, D("35.8")), (RECEPTION, D("50"))]
    assert codes(doc, "error") == []
    doubled = findings(doc, "warning")  # “增加原因主要是主要是按照…” (line 15) and “增加原因主要是是接待…” (line 19)
    assert sorted((f.source.line, f.source.column, f.code) for f in doubled) == [
        (15, 16, "statement-word-doubled"),
        (19, 25, "character-doubled"),
    ]


def test_18_echeng_total_change_contradicts_the_totals():
    doc = corpus("18")
    assert amounts(doc, TOTAL, 2022)[0] == D("1000.86") and amounts(doc, TOTAL, 2021) == [D("807.95")]
    errors = findings(doc, "error")
    assert [f.code for f in errors] == ["statement-change-mismatch"]
    assert errors[0].expected == "增加192.91万元" and errors[0].actual == "增加275.76万元"
    assert codes(doc, "warning") == []


def test_19_tianshan_item_changes_do_not_add_up():
    doc = corpus("19")
    assert doc.statement.body == "乌鲁木齐市天山区"
    assert amounts(doc, TOTAL, 2019) == [D("585.53")]
    errors = findings(doc, "error")
    assert [f.code for f in errors] == ["statement-changes-mismatch", "statement-changes-mismatch"]
    assert errors[0].expected == "减少145.03万元" and errors[0].actual == "减少144.92万元"
    assert errors[1].actual == "减少144.92万元" and errors[1].expected == "持平"  # its parts: 减少0 and 减少0


def test_20_liangshan_rounding_only():
    doc = corpus("20")
    assert amounts(doc, VEHICLE_PURCHASE, 2022) == [D("2337.35")]  # “2,337.35”
    assert changes(doc, VEHICLES) == [(UP, D("1833.7"))]  # after the parenthesis, the sentence's own subject
    assert codes(doc, "error", "warning") == []


def test_12_monitoring_rates_are_read_and_agree():
    doc = corpus("12")
    rates = [f.value for f in doc.statement.figures if f.what == RATE]
    assert rates[:5] == [D("16.17"), D("59.29"), D("65.45"), D("0"), D("15.69")]
    assert "statement-rate-mismatch" not in codes(doc)
    # the essay site replaced the year by “20xx”: reported where it stands in the text
    assert codes(doc, "error") == [] and set(codes(doc, "warning")) == {"template-placeholder"}


def test_09_and_10_selfeval_reports():
    doc = corpus("09")
    assert [f.value for f in doc.statement.figures if f.what == RATE] == [D("97")]
    # “2179万元目前已全部拨付” against “已完成拨付2113.63万元” (tests/test_prose_checks.py)
    assert codes(doc, "error", "warning") == ["amount-wholly-paid-contradicts"]
    doc = corpus("10")
    assert doc.statement.title.startswith("红河州数据发展中心2024年度") and doc.statement.year == 2024
    assert [f.value for f in doc.statement.figures if f.what == AMOUNT] == [D("985"), D("50"), D("861.46"), D("334.67")]
    assert codes(doc, "error", "warning") == ["statement-count-mismatch"]  # 8 + 8 projects ≠ 15


def test_statement_travels_in_the_json_codec():
    doc = corpus("13")
    assert decode(encode(doc), Document) == doc


# -- generated paragraphs -------------------------------------------------------------------------------------

NAMES = {
    OVERSEAS: ["因公出国（境）费", "因公出国(境)经费", "出国（境）费用"],
    VEHICLE_PURCHASE: ["公务用车购置费", "公务车辆购置费"],
    VEHICLE_RUNNING: ["公务用车运行维护费", "公务用车运行费用", "车辆运行维护费"],
    RECEPTION: ["公务接待费", "公务接待费用"],
}
AGAINST = ["比上年", "较上年", "同比", "与上年相比", "比上年同期"]
UNITS = {"万元": 2, "元": 2}
CENT = D("0.01")


def _money(draw, unit: str) -> Decimal:
    cents = draw(st.one_of(st.just(0), st.integers(1, 5_000_000 if unit == "元" else 50_000)))
    return D(cents) * CENT


@st.composite
def paragraphs(draw):
    unit = draw(st.sampled_from(sorted(UNITS)))
    year = draw(st.integers(2015, 2030))
    edition = draw(st.sampled_from(["预算", "决算", "支出"]))
    items = list(NAMES)
    order = draw(st.permutations(items))
    now = {k: _money(draw, unit) for k in items}
    before = {k: _money(draw, unit) for k in items}
    names = {k: draw(st.sampled_from(NAMES[k])) for k in items}
    against = draw(st.sampled_from(AGAINST))
    up_words = draw(st.sampled_from([("增加", "增长"), ("增加", "上升"), ("增长", "增长"), ("增加", "增幅")]))
    down_words = draw(st.sampled_from([("减少", "下降"), ("减少", "减少"), ("下降", "降低"), ("减少", "降幅")]))
    years_first = draw(st.booleans())
    return unit, year, edition, order, now, before, names, against, up_words, down_words, years_first


def _change(delta: Decimal, base: Decimal, unit: str, against: str, up, down) -> str:
    if delta == 0:
        return f"{against}持平"
    words = up if delta > 0 else down
    text = f"{against}{words[0]}{abs(delta)}{unit}"
    if base:
        pct = (abs(delta) / base * 100).quantize(CENT, rounding=ROUND_HALF_UP)
        text += f"，{words[1]}{pct}%"
    return text


def render(p, perturb: str | None = None) -> str:
    unit, year, edition, order, now, before, names, against, up, down, years_first = p
    total, total0 = sum(now.values(), D(0)), sum(before.values(), D(0))
    if perturb == "total":
        total += 1
    parts = [
        f"{year}年“三公”经费{edition}合计{total}{unit}，{year - 1}年“三公”经费{edition}合计{total0}{unit}，"
        f"{_change(total - total0, total0, unit, against, up, down)}。其中："
    ]
    for n, key in enumerate(order):
        delta = now[key] - before[key]
        stated = _change(delta, before[key], unit, against, up, down)
        if perturb == "change" and n == 0:
            stated = _change(delta + (1 if delta >= 0 else -1), before[key], unit, against, up, down).split("，")[0]
        if perturb == "blank" and n == 0:
            stated += "，占 %"
        a = f"{year}年{edition}{now[key]}{unit}"
        b = f"{year - 1}年{edition}{before[key]}{unit}"
        parts.append(f"{names[key]}{a if years_first else b}，{b if years_first else a}，{stated}；")
    return "\n".join(["某单位“三公”经费增减情况说明", "".join(parts).rstrip("；") + "。"])


def pinyin_mirror(text: str) -> str:
    """What a converting mirror prints: Traditional, with pinyin after some characters."""
    return traditional(text).replace("經", "經(jīng)").replace("費", "費(fèi)").replace("萬", "萬(wàn)")


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(paragraphs(), st.booleans())
def test_generated_paragraph_reads_back_exactly_and_raises_nothing(p, mirror):
    unit, year, _edition, order, now, before, names, *_ = p
    text = render(p)
    doc = read_text(pinyin_mirror(text) if mirror else text, "gen.txt")
    assert doc.kind == "three_public"
    assert amounts(doc, TOTAL, year) == [sum(now.values(), D(0))]
    assert amounts(doc, TOTAL, year - 1) == [sum(before.values(), D(0))]
    for key in order:
        assert amounts(doc, key, year) == [now[key]], names[key]
        assert amounts(doc, key, year - 1) == [before[key]], names[key]
        delta = now[key] - before[key]
        expected = (FLAT, D(0)) if delta == 0 else (UP if delta > 0 else DOWN, abs(delta))
        assert changes(doc, key) == [expected], names[key]
    assert {f.unit for f in doc.statement.figures if f.what == AMOUNT} == {unit}
    assert codes(doc, "error", "warning") == []


@SETTINGS
@given(paragraphs(), st.sampled_from(["total", "change", "blank"]), st.booleans())
def test_one_number_perturbed_gives_the_right_finding(p, perturb, mirror):
    text = render(p, perturb)
    doc = read_text(pinyin_mirror(text) if mirror else text, "gen.txt")
    found = codes(doc, "error", "warning")
    expected = {
        "total": "statement-total-mismatch",
        "change": "statement-change-mismatch",
        "blank": "statement-blank",
    }[perturb]
    assert expected in found
    if perturb == "blank":
        assert [f for f in doc.statement.figures if f.what == BLANK]


@given(st.text(alphabet="經費國務車購維護財預撥減說萬億與較項規執開發單門辦運監報績", max_size=30))
def test_normalise_keeps_one_position_per_character(text):
    n = normalise(text)
    assert len(n.text) == len(text) == len(n.origin)


def test_pinyin_residue_is_dropped_and_positions_kept():
    raw = "“三公”經(jīng)費(fèi)合計35萬(wàn)元"
    n = normalise(raw)
    assert n.text == "“三公”经费合计35万元"
    assert raw[n.origin[n.text.index("35")]] == "3"


# -- hand-written statements: one defect each -----------------------------------------------------------------

HEAD = "某局2020年“三公”经费情况说明\n"


def _read(body: str) -> Document:
    doc = read_text(HEAD + body, "hand.txt")
    assert doc.kind == "three_public"
    return doc


def test_a_rise_from_zero_has_no_percent():
    doc = _read(
        "2020年“三公”经费支出合计5万元，其中：因公出国（境）费0万元，公务用车购置及运行维护费0万元，"
        "公务接待费5万元。2019年公务接待费0万元。2020年公务接待费比上年增加5万元，增长100%。"
    )
    assert codes(doc, "error") == ["statement-percent-from-zero"]


def test_a_direction_word_against_the_two_figures():
    doc = _read(
        "因公出国（境）费2020年支出0万元，与上年持平。公务接待费2020年支出10万元，2019年支出8万元，比上年减少2万元。"
    )
    errors = findings(doc, "error")
    assert [f.code for f in errors] == ["statement-direction-contradicts"]
    assert "增加2.00万元" in errors[0].message


def test_a_change_from_last_years_budget_is_not_measured_from_its_final():
    doc = _read(
        "因公出国（境）费2022年预算0万元，与上年预算数持平。2021年公务接待费决算10万元。"
        "2022年公务接待费预算8万元，比上年预算数减少1万元。"
    )
    assert codes(doc, "error", "warning") == []  # last year's budget is not stated: nothing to compare


def test_a_share_against_part_and_total():
    doc = _read(
        "2020年“三公”经费支出合计35万元，其中：因公出国（境）费0万元，公务用车购置及运行维护费5万元，占14.29%；"
        "公务接待费30万元，占35%。"
    )
    errors = findings(doc, "error")
    assert [f.code for f in errors] == ["statement-share-mismatch"]
    assert errors[0].expected == "85.71%"


def test_a_blank_reason():
    doc = _read(
        "2020年“三公”经费支出合计5万元，其中：因公出国（境）费0万元，公务用车购置及运行维护费0万元，"
        "公务接待费5万元，比上年减少1万元，主要原因是。"
    )
    assert codes(doc, "warning") == ["statement-blank"]


def test_a_total_in_yuan_against_items_in_wan_yuan():
    doc = _read(
        "2020年“三公”经费支出合计350000元，其中：因公出国（境）费0万元，公务用车购置及运行维护费5万元，"
        "公务接待费30万元。"
    )
    assert codes(doc, "error", "warning") == []


# -- generated monitoring paragraphs --------------------------------------------------------------------------

PROJECTS = ["招投标办案工作经费", "办公楼运行经费", "信息化建设项目", "农村公路养护资金", "保密档案办公设备购置费"]


@st.composite
def monitoring(draw):
    rows = []
    for name in draw(st.lists(st.sampled_from(PROJECTS), min_size=1, max_size=4, unique=True)):
        budget = D(draw(st.integers(1_000, 10_000_000))) * CENT  # ≥ 10万元: a point of percent is beyond rounding
        executed = D(draw(st.integers(0, int(budget / CENT)))) * CENT
        rate = (executed / budget * 100).quantize(CENT, rounding=ROUND_HALF_UP)
        in_yuan = draw(st.booleans())
        shown = f"{(executed * 10000).quantize(D(1))}元" if in_yuan else f"{executed}万元"
        budget_word = draw(st.sampled_from(["预算", "年初预算", "全年预算数为"]))
        done_word = draw(st.sampled_from(["已执行", "实际支出", "1-6月执行", "截至6月30日已拨付"]))
        rate_word = draw(st.sampled_from(["执行率", "完成率", "预算执行率为"]))
        rows.append((name, budget, shown, rate, budget_word, done_word, rate_word))
    return rows


def render_monitoring(rows, perturb: bool = False) -> str:
    out = ["某中心绩效运行监控报告", "一、项目支出预算执行情况"]
    for n, (name, budget, shown, rate, budget_word, done_word, rate_word) in enumerate(rows):
        stated = rate + 1 if perturb and n == 0 else rate
        out.append(f"{n + 1}、{name}{budget_word}{budget}万元，{done_word}{shown}，{rate_word}{stated}%。")
    return "\n".join(out)


@SETTINGS
@given(monitoring(), st.booleans(), st.booleans())
def test_generated_monitoring_rates(rows, perturb, mirror):
    text = render_monitoring(rows, perturb)
    doc = read_text(pinyin_mirror(text) if mirror else text, "monitor.txt")
    assert doc.kind == "monitoring_report"
    assert [f.value for f in doc.statement.figures if f.what == RATE] == [
        r[3] + 1 if perturb and n == 0 else r[3] for n, r in enumerate(rows)
    ]
    found = codes(doc, "error", "warning")
    assert found == (["statement-rate-mismatch"] if perturb else [])
