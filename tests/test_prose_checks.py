"""The defects found by reading that jixiao used to miss (docs/corpus.md “Missed”), each by a
generic check: on the real documents (read from ../shared) and on generated wording that varies
words, numbers and units — consistent text must stay silent.
"""

from __future__ import annotations

import glob
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks.prose import doubled_function_chars, prose_texts
from jixiao.checks.prose_counts import count_mismatches
from jixiao.checks.prose_shares import listings
from jixiao.checks.runner import run_checks
from jixiao.checks.wording import budget_heading_years
from jixiao.ingest import read_file, read_text
from jixiao.model.document import Document
from tests.conftest import SHARED, shared_path

D = Decimal
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def corpus(prefix: str) -> Document:
    matches = sorted(glob.glob(str(SHARED / "corpus" / "text" / f"{prefix}_*.txt")))
    if not matches:
        shared_path(f"corpus/text/{prefix}_*.txt")  # skips (or fails under CI) with the reason
    return read_file(shared_path(str(Path(matches[0]).relative_to(SHARED))))


@cache
def pdf(name: str) -> Document:
    return read_file(shared_path(f"corpus/pdf/{name}"))


def found(doc: Document, code: str) -> list:
    return [f for f in run_checks([doc], select=[code]).findings if f.code == code]


def text_findings(text: str, code: str) -> list:
    return found(read_text(text, "gen.txt"), code)


# -- money declared wholly paid (corpus 09) ---------------------------------------------------------------


def test_09_wholly_paid_against_the_amount_paid():
    hits = found(corpus("09"), "amount-wholly-paid-contradicts")
    assert [(f.source.line, f.expected, f.actual) for f in hits] == [(14, "2179万元", "2113.63万元")]
    assert str(hits[0].severity) == "error" and "第15行" in hits[0].message


VERBS = st.sampled_from([("全部拨付", "已完成拨付"), ("全额拨付", "累计拨付"), ("全部到位", "实际到位资金"),
                         ("已全部支出", "已支出"), ("全额下达", "已下达")])  # fmt: skip


@FAST
@given(
    whole=st.integers(100, 99999),
    cents=st.integers(1, 99),
    verbs=VERBS,
    unit=st.sampled_from(["万元", "元"]),
    lead=st.sampled_from(["项目资金", "衔接资金", "专项资金", "中央补助资金"]),
)
def test_wholly_paid_any_wording(whole, cents, verbs, unit, lead):
    wholly, paid_verb = verbs
    paid = D(whole) - D(cents) / 100 - 1
    text = (f"一、资金情况\n{lead}{whole}{unit}目前{wholly}，及时安排到项目。\n"
            f"项目资金共{whole}{unit}，截至12月8日，{paid_verb}{paid}{unit}。\n")  # fmt: skip
    hits = text_findings(text, "amount-wholly-paid-contradicts")
    assert [(f.expected, f.actual) for f in hits] == [(f"{whole}{unit}", f"{paid}{unit}")]


@pytest.mark.parametrize(
    "text",
    [
        # the amount paid equals the whole
        "资金2179万元已全部拨付。项目资金共2179万元，已完成拨付2179万元。",
        # arrived in full, partly spent: two different things
        "资金2179万元已全部到位。项目资金共2179万元，已支出2113.63万元。",
        # another sentence about other money (it does not name the whole)
        "资金2179万元已全部拨付。其中乡镇项目已拨付300万元。",
        # a plan, not a payment
        "资金2179万元已全部下达。项目资金共2179万元，计划拨付1000万元。",
        # two dates: paid in part by June, in full by December (a monitoring report and its year end)
        "截至12月31日，资金2179万元已全部拨付。项目资金共2179万元，截至6月30日已拨付1000万元。",
    ],
)
def test_wholly_paid_consistent_wording_is_silent(text):
    assert text_findings("一、资金情况\n" + text + "\n", "amount-wholly-paid-contradicts") == []


# -- counts (corpus 10) ------------------------------------------------------------------------------------


def test_10_projects_at_the_start_and_added_against_the_total():
    hits = found(corpus("10"), "statement-count-mismatch")
    assert [(f.source.line, f.expected, f.actual) for f in hits] == [(12, "16", "15个实施项目")]


def test_09_levels_of_indicators_are_not_a_partition():
    assert found(corpus("09"), "statement-count-mismatch") == []  # 12个指标，其中一级3个、二级9个、三级12个


NOUNS = st.sampled_from([("个", "项目"), ("辆", "公务用车"), ("人次", "培训"), ("批次", "出国团组"), ("项", "工程")])


@FAST
@given(start=st.integers(0, 60), added=st.integers(1, 60), delta=st.integers(-3, 3), noun=NOUNS,
       words=st.sampled_from([("年初", "年中增加"), ("年初批复", "新增"), ("原计划", "追加"), ("期初", "调增")]))  # fmt: skip
def test_start_plus_added_any_wording(start, added, delta, noun, words):
    unit, what = noun
    total = start + added + delta
    if total <= 0:
        return
    text = f"2024年，本单位实施{what}共{total}{unit}，{words[0]}{start}{unit}{what}，{words[1]}{added}{unit}{what}。"
    found_ = list(count_mismatches(text))
    assert [m.expected for m in found_] == ([] if delta == 0 else [start + added])
    assert all(m.actual.startswith(f"{total}{unit}") for m in found_)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("共15个项目，其中新建项目9个、续建项目8个。", True),
        ("共15个项目，其中新建项目9个、续建项目6个。", False),
        ("共15个项目，其中新建项目5个、续建项目6个。", False),  # names fewer than the whole: the rest unnamed
        ("共15个项目，其中投资超过1000万元的项目9个、续建项目8个。", False),  # a threshold overlaps
        ("共编制12个指标，其中一级指标3个，二级指标9个，三级指标12个。", False),
        ("年中增加8个项目（含转列项目9个）。", True),
        ("年中增加8个项目（含转列项目5个）。", False),
        ("在职人员共15名，其中男性8名、女性7名，党员10名。", False),  # overlapping kinds of people
        ("共有车辆5辆，其中轿车3辆、越野车3辆。", False),  # parts not named like the whole: not judged
    ],
)
def test_parts_of_a_count(text, flagged):
    assert bool(list(count_mismatches(text))) is flagged


# -- a doubled function character (corpus 17) ------------------------------------------------------------


def test_17_doubled_character():
    hits = found(corpus("17"), "character-doubled")
    assert [(f.source.line, f.actual) for f in hits] == [(19, "是是")] and str(hits[0].severity) == "warning"


WORDS = ["常常", "人人", "看看", "年年", "天天", "谢谢", "仅仅", "刚刚", "渐渐", "为了了解", "不了了之", "的的确确",
         "现在在建", "目的的实现", "参与与组织", "总和和平均", "关键是是否落实", "实事求是是根本", "和和美美"]  # fmt: skip
SENTENCES = ["本年度{w}开展工作。", "{w}，主要原因是项目调整。", "我们{w}按计划完成。"]


@FAST
@given(word=st.sampled_from(WORDS), frame=st.sampled_from(SENTENCES))
def test_legitimate_words_are_not_typos(word, frame):
    assert list(doubled_function_chars(frame.format(w=word))) == []


@FAST
@given(
    char=st.sampled_from(["是", "的", "与", "和"]),
    frame=st.sampled_from(["增加原因主要{c}{c}接待任务增加。", "本单位{c}{c}经费", "项目资金{c}{c}人员经费"]),
)
def test_doubled_function_characters_are_found(char, frame):
    text = frame.format(c=char)
    if char == "是" and "主要" not in text:
        return  # (only 主要是是 is a sure typo for 是 in these frames)
    assert [c for _, c in doubled_function_chars(text)] == [char]


# -- a budget heading of another year (corpus 28) ------------------------------------------------------


def test_28_toc_names_last_years_budget():
    hits = found(corpus("28"), "year-mismatch")
    assert [(f.source.line, f.actual) for f in hits] == [(12, "2020")]
    assert "四、2020年预算编制范围" in hits[0].message


@FAST
@given(year=st.integers(2018, 2030), other=st.integers(-2, 2), ordinal=st.sampled_from(["四、", "（二）", "第二部分 ", "3."]),
       tail=st.sampled_from(["预算编制范围", "部门预算报表", "度部门预算情况说明"]))  # fmt: skip
def test_budget_heading_years(year, other, ordinal, tail):
    heading = f"{ordinal}{year + other}年{tail}"
    got = list(budget_heading_years(heading, year))
    assert [y for _, y in got] == ([] if other == 0 else [str(year + other)])
    # a comparison with last year's budget is not a heading of another year
    assert list(budget_heading_years(f"（一）因公出国（境）费0万元，与{year - 1}年预算持平", year)) == []


# -- the budget PDFs ---------------------------------------------------------------------------------------


def test_wanli_item_4_reason_contradicts_its_direction():
    hits = found(pdf("putuo-wanli-subdistrict-2024-budget.pdf"), "reason-contradicts-direction")
    assert [(f.expected, f.actual) for f in hits] == [("减少", "增加")]
    assert "宣传事务" in hits[0].message and hits[0].source.page is not None


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("宣传事务支出比上年减少2.98%。主要原因是：宣传事务经费增加。", True),
        ("培训支出比上年增加12.5万元，主要原因是培训支出减少。", True),
        ("培训支出比上年增加12.5万元，主要原因是经费减少。", True),  # the money of the item itself
        ("比上年减少2.98%。主要原因是：宣传事务经费减少。", False),
        ("比上年减少2.98%。主要原因是：人员减少，项目经费增加。", False),  # two movements: not judged
        ("比上年增加12.5万元，主要原因是新增项目。", False),
        ("比上年减少10万元，主要原因是上年一次性项目支出增加。", False),  # last year's own movement
        ("财政拨款收入比上年减少10万元，主要原因是单位自有资金增加。", False),  # other money moving the other way
        ("培训费比上年减少10万元，主要原因是培训费支出增加。", True),  # its own money named
    ],
)
def test_reason_against_direction(text, flagged):
    assert bool(text_findings("一、支出情况\n" + text + "\n", "reason-contradicts-direction")) is flagged


@pytest.mark.parametrize(
    ("name", "line"), [("putuo-justice-2026-budget.pdf", 54), ("putuo-commerce-units-2025-budget.pdf", 52)]
)
def test_the_functions_page_printed_twice(name, line):
    hits = found(pdf(name), "text-repeated")
    assert [f.source.line for f in hits] == [line] and "主要职能" not in hits[0].subject


def test_repeated_notes_of_forms_are_not_a_repeat():
    seed = shared_path("seeds/002_898987880c89420a.txt")
    assert found(read_file(seed), "text-repeated") == []


# -- shares of all the parts of a whole ------------------------------------------------------------------


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(D("0.01"), ROUND_HALF_UP)


@FAST
@given(
    parts=st.lists(st.integers(1, 10**7), min_size=2, max_size=5),
    nudge=st.sampled_from([D(0), D("0.07"), D("-0.30"), D("1.00")]),
    unit=st.sampled_from(["万元", "元"]),
    lead=st.sampled_from(["其中：", "其中", "主要用于：", "分别为"]),
    noise=st.sampled_from(["", " "]),  # a noisy text layer: spaces around the numbers
    form=st.sampled_from(["{n}{a}{u}，占{s}%", "{n}{a}{u}（占{s}%）", "{n}{a}{u}，占本年支出合计的{s}%"]),
)
def test_shares_of_all_parts(parts, nudge, unit, lead, noise, form):
    amounts = [D(p) / 100 for p in parts]
    whole = sum(amounts)
    shares = [_pct(a, whole) for a in amounts]
    shares[-1] += nudge
    if shares[-1] < 0:
        return
    names = ["基本支出", "项目支出", "一般公共服务支出", "教育支出", "社会保障和就业支出"]
    listed = "；".join(
        form.format(n=n, a=f"{noise}{a}{noise}", u=unit, s=f"{noise}{s}{noise}")
        for n, a, s in zip(names, amounts, shares, strict=False)
    )
    text = f"一、支出情况\n本年支出合计{whole}{unit}，{lead}{listed}。\n"
    gap = abs(sum(shares) - 100)
    tolerance = D("0.005") * len(parts)
    mismatch = text_findings(text, "shares-sum-mismatch")
    rounding = text_findings(text, "shares-sum-rounding")
    assert bool(mismatch) is (gap > tolerance)
    assert bool(rounding) is (0 < gap <= tolerance)
    if mismatch:
        assert names[0] in mismatch[0].message and mismatch[0].actual == f"{sum(shares)}%"


@pytest.mark.parametrize(
    "text",
    [
        "本年支出合计1000万元，其中：基本支出800万元，占年初预算的95%；项目支出200万元，占年初预算的90%。",
        "本年支出合计1000万元，其中：基本支出800万元，占上年的105%；项目支出200万元，占上年的80%。",
        "本年支出合计1000万元，其中：基本支出800万元，占本年支出的80%；项目支出200万元，占本部门预算的30%。",
    ],
)
def test_rates_against_another_base_are_not_shares_of_the_whole(text):
    assert text_findings("一、支出情况\n" + text + "\n", "shares-sum-mismatch") == []


def test_a_listing_of_some_parts_is_not_judged():
    text = "本年支出合计1000万元，其中：基本支出600万元，占60%；项目支出300万元，占30%。"
    assert list(listings(text)) and text_findings("一、\n" + text + "\n", "shares-sum-mismatch") == []


# -- 机关运行经费 and 政府采购 paragraphs on their own ----------------------------------------------------

OPERATING = "{y}年度本部门机关运行经费支出{cur}万元，比上年{word}{chg}万元，{pword}{pct}%，主要原因是办公费用{word}。"
PROCUREMENT = (
    "{y}年度本部门政府采购支出总额{total}万元，其中：政府采购货物支出{g}万元、政府采购工程支出{w}万元、"
    "政府采购服务支出{s}万元。授予中小企业合同金额{sme}万元，占政府采购支出总额的{share}%，"
    "其中：授予小微企业合同金额{small}万元，占政府采购支出总额的{small_share}%。"
)


@FAST
@given(prev=st.integers(10**4, 10**7), chg=st.integers(100, 10**5), up=st.booleans(), wrong=st.booleans(),
       year=st.integers(2018, 2026))  # fmt: skip
def test_operating_costs_paragraph(prev, chg, up, wrong, year):
    previous, change = D(prev).scaleb(-2), D(chg).scaleb(-2)  # printed with two decimals
    if not up and change * 2 >= previous:
        return
    current = previous + change if up else previous - change
    pct = _pct(change, previous) + (D("1.50") if wrong else 0)
    text = "机关运行经费支出情况说明\n" + OPERATING.format(
        y=year, cur=current, word="增加" if up else "减少", chg=change, pword="增长" if up else "下降", pct=pct
    )
    doc = read_text(text + "\n", "op.txt")
    assert doc.kind == "operating_costs"
    figures = {(f.subject, f.what): f.value for f in doc.statement.figures}
    assert figures[("机关运行经费", "amount")] == current and figures[("机关运行经费", "change")] == change
    assert bool(found(doc, "statement-percent-mismatch")) is wrong


@FAST
@given(g=st.integers(0, 10**6), w=st.integers(0, 10**6), s=st.integers(10**4, 10**6), off=st.sampled_from([0, 0, 500]),
       sme=st.integers(5, 100), small=st.integers(0, 100), bad_share=st.booleans())  # fmt: skip
def test_procurement_paragraph(g, w, s, off, sme, small, bad_share):
    goods, works, services = D(g) / 100, D(w) / 100, D(s) / 100
    total = goods + works + services + D(off) / 100
    sme_amount = (total * sme / 100).quantize(D("0.01"))
    small_amount = (sme_amount * small / 100).quantize(D("0.01"))
    if not sme_amount:
        return
    share = _pct(sme_amount, total) + (D("3.00") if bad_share else 0)
    text = "政府采购支出情况说明\n" + PROCUREMENT.format(
        y=2023, total=total, g=goods, w=works, s=services, sme=sme_amount, share=share, small=small_amount,
        small_share=_pct(small_amount, total),
    )  # fmt: skip
    doc = read_text(text + "\n", "gp.txt")
    assert doc.kind == "procurement"
    figures = {(f.subject, f.what): f.value for f in doc.statement.figures}
    assert figures[("政府采购支出总额", "amount")] == total and figures[("授予中小企业合同金额", "amount")] == sme_amount
    assert bool(found(doc, "statement-total-mismatch")) is (off != 0)
    assert bool(found(doc, "statement-share-mismatch")) is bad_share


def test_a_budget_or_three_public_text_holding_the_paragraphs_keeps_its_kind():
    for prefix, kind in (("28", "budget"), ("16", "three_public"), ("21", "final_accounts")):
        assert corpus(prefix).kind == kind
    three = "2023年“三公”经费支出情况\n因公出国（境）费0万元，公务接待费2万元，公务用车运行维护费5万元。\n"
    op = OPERATING.format(y=2023, cur="45.60", word="增加", chg="5.60", pword="增长", pct="14.00")
    assert read_text(three + op + "\n", "mix.txt").kind == "three_public"


# -- two info findings on the budget PDFs ------------------------------------------------------------------


def test_wanli_three_public_table_title_without_year():
    hits = found(pdf("putuo-wanli-subdistrict-2024-budget.pdf"), "budget-table-title-year-missing")
    assert [(f.subject, str(f.severity)) for f in hits] == [("部门“三公”经费和机关运行经费预算表", "info")]
    assert found(pdf("putuo-justice-2026-budget.pdf"), "budget-table-title-year-missing") == []


def test_commerce_compares_with_two_bases_in_one_paragraph():
    hits = found(pdf("putuo-commerce-units-2025-budget.pdf"), "comparison-basis-mixed")
    assert len(hits) == 1 and "比2024年预算执行数" in hits[0].message and "比2024年预算”" in hits[0].message
    assert found(pdf("putuo-justice-2026-budget.pdf"), "comparison-basis-mixed") == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("支出预算100万元，比2024年预算增加10万元；基金支出0万元，比2024年预算执行数持平。", True),
        ("支出预算100万元，比2024年预算增加10万元；基金支出0万元，比2024年预算持平。", False),
        ("支出预算100万元，较2024年决算数增加10万元；基金支出0万元，比2024年执行数持平。", False),
        ("支出预算100万元，比2024年预算增加10万元；比2023年决算增加20万元。", False),  # two years
    ],
)
def test_comparison_basis(text, flagged):
    assert bool(text_findings("一、收支预算\n" + text + "\n", "comparison-basis-mixed")) is flagged


def test_real_listings_are_read_and_add_up():
    """The seed's six 类 (0.42 + 88.87 + 0.41 + 5.77 + 0.05 + 4.48 = 100.00%) and the fixture's 基本/项目支出."""
    seed = read_file(shared_path("seeds/002_898987880c89420a.txt"))
    fixture = read_file(shared_path("fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf"))
    read = [len(x.parts) for d in (seed, fixture) for t in prose_texts(d) for x in listings(t.text)]
    assert sorted(read) == [2, 2, 2, 6]
    for d in (seed, fixture):
        assert found(d, "shares-sum-mismatch") == [] and found(d, "shares-sum-rounding") == []


def test_a_share_misprinted_in_the_seeds_wording_adds_to_100_07():
    """Issue 15's case on the seed's own sentence: 公共安全 printed 88.94% instead of 88.87% → Σ = 100.07%."""
    text = shared_path("seeds/002_898987880c89420a.txt").read_text(encoding="utf-8")
    assert text.count("88.87%") == 1
    hits = found(read_text(text.replace("88.87%", "88.94%"), "seed-variant.txt"), "shares-sum-mismatch")
    assert [h.actual for h in hits] == ["100.07%"]
    assert "公共安全（类）支出81,279.97万元占88.94%" in hits[0].message and hits[0].source.line == 491
