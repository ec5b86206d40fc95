"""Evaluation reports (部门评价 / 财政评价): the report's scores against its own tables and text.

- **score table**: Σ row 权重 per 一级 = the "(20分)" label and the section table's 权重; Σ row 得分 per
  一级 = the section table's 得分 (the last summary table and the abstract's); Σ sections = total;
  Σ 权重 = 100 = the 合计 row; Σ row 得分 = the 合计 row; every score in [0, 权重]; a standard that is
  all-or-nothing ("…得满分，否则，不得分", with no partial deduction) given a partial score.
- **得分率** = 得分 ÷ 权重 per row, per section and for the total, rounded half-up to the printed
  decimals. Scores and weights are printed exactly (they are the inputs, not rounded results), so
  a difference of one unit in the last digit is an error, not a rounding matter.
- **grades**: each section's grade by its 得分率 and the total's by its score, under the report's
  own bands (:attr:`jixiao.model.evaluation.Evaluation.bands`).
- **text against the table**: each "…指标共3分，得3分，扣0分" against its table row (and 得 + 扣 = 共);
  each 评分说明 conclusion ("该项指标得 2.4 分，扣 0.6 分，得分率为 80%") against itself and the row;
  the abstract's section sentences against the section table; the department report's "得 N 分"
  sentences summed per section against the section score it states; and the numbers a 评分说明
  quotes (万元, 件, 人次, % …) against the numbers of the same unit in the row's 评分依据 — when the
  two share no value for a unit they quote different figures for the same quantity.

Sums use :func:`jixiao.checks.arith.sum_findings`: exact passes, a gap within 0.01 per summand is
the ``rounding-gap`` info, more is an error. Nothing here raises on a partial model: a missing
figure skips the comparison it would feed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from jixiao.checks.arith import plain, sum_findings
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.evaluation import Evaluation, ScoreItem, ScoreStatement, SectionScore
from jixiao.model.finding import Finding
from jixiao.model.grades import GradeBands
from jixiao.model.source import Source
from jixiao.numbers import places, rounded

ZERO = Decimal(0)
HUNDRED = Decimal(100)
SECTION_NAMES = ("决策", "过程", "产出", "效益")


def _evaluations(doc: Document) -> tuple[Evaluation, ...]:
    return tuple(doc.accounts.evaluations) if doc.accounts is not None else ()


def _table_level1(table: Iterable[ScoreItem]) -> dict[str, list[ScoreItem]]:
    groups: dict[str, list[ScoreItem]] = {}
    for row in table:
        groups.setdefault("".join((row.level1 or "").split()), []).append(row)
    return groups


@check("evaluation-sum-mismatch", "rounding-gap", applies_to="final_accounts")
def evaluation_sums(doc: Document) -> Iterator[Finding]:
    """Rows → 一级 labels and section tables; sections → total; Σ 权重 = 100; Σ rows = 合计 row."""
    for ev in _evaluations(doc):
        subject = ev.title
        tables = [t for t in (ev.sections, ev.abstract_sections) if t]
        for name, rows in _table_level1(ev.score_table).items():
            weights = [r.weight for r in rows]
            scores = [r.score for r in rows]
            if None not in weights:
                wsum = sum((w for w in weights if w is not None), ZERO)
                label = rows[0].level1_weight
                if label is not None and label != wsum:
                    yield make_finding(
                        "evaluation-sum-mismatch",
                        rows[0].source,
                        subject=subject,
                        what=f"一级指标“{name}”标注的权重",
                        rule=f"{name}下各行权重之和（{len(rows)}行）",
                        expected=plain(wsum),
                        actual=plain(label),
                    )
                for table in tables:
                    section = _section(table, name)
                    if section is not None and section.weight is not None and section.weight != wsum:
                        yield make_finding(
                            "evaluation-sum-mismatch",
                            section.source,
                            subject=subject,
                            what=f"汇总表中“{name}”的权重",
                            rule=f"评分表{name}各行权重之和",
                            expected=plain(wsum),
                            actual=plain(section.weight),
                        )
            if None in scores:
                continue
            ssum = sum((s for s in scores if s is not None), ZERO)
            for table in tables:
                section = _section(table, name)
                if section is not None and section.score is not None:
                    yield from sum_findings(
                        "evaluation-sum-mismatch",
                        ssum,
                        section.score,
                        len(rows),
                        section.source,
                        subject=subject,
                        what=f"汇总表中“{name}”的得分",
                        rule=f"评分表{name}各行得分之和",
                    )
        yield from _table_totals(ev, subject)
        yield from _section_totals(ev, subject)


def _section(table: Iterable[SectionScore], name: str) -> SectionScore | None:
    for s in table:
        if s.name == name or (name and (name in s.name or s.name in name) and s.name in SECTION_NAMES):
            return s
    return None


def _table_totals(ev: Evaluation, subject: str) -> Iterator[Finding]:
    rows = ev.score_table
    if not rows:
        return
    source = ev.score_table_total_source or rows[-1].source
    weights = [r.weight for r in rows]
    if None not in weights:
        wsum = sum((w for w in weights if w is not None), ZERO)
        if wsum != HUNDRED:
            yield make_finding(
                "evaluation-sum-mismatch",
                source,
                subject=subject,
                what="评分表各行权重合计",
                rule="各指标权重之和应为100",
                expected="100",
                actual=plain(wsum),
            )
        if ev.score_table_weight_total is not None and ev.score_table_weight_total != wsum:
            yield make_finding(
                "evaluation-sum-mismatch",
                source,
                subject=subject,
                what="评分表合计行的权重",
                rule="各行权重之和",
                expected=plain(wsum),
                actual=plain(ev.score_table_weight_total),
            )
    scores = [r.score for r in rows]
    if None not in scores and ev.score_table_total is not None:
        ssum = sum((s for s in scores if s is not None), ZERO)
        yield from sum_findings(
            "evaluation-sum-mismatch",
            ssum,
            ev.score_table_total,
            len(rows),
            source,
            subject=subject,
            what="评分表合计行的得分",
            rule="各行得分之和",
        )


def _section_totals(ev: Evaluation, subject: str) -> Iterator[Finding]:
    """Within each summary table: Σ section 权重 = 100 (= the total row), Σ section 得分 = the total."""
    tables: list[tuple[list[SectionScore], SectionScore | None]] = []
    if ev.sections:
        tables.append(([s for s in ev.sections if s.name in SECTION_NAMES], ev.total))
    if ev.abstract_sections:
        parts = [s for s in ev.abstract_sections if s.name in SECTION_NAMES]
        total = next((s for s in ev.abstract_sections if s.name not in SECTION_NAMES), None)
        tables.append((parts, total))
    for parts, total in tables:
        if not parts or total is None:
            continue
        weights = [s.weight for s in parts]
        if None not in weights:
            wsum = sum((w for w in weights if w is not None), ZERO)
            expected_total = total.weight if total.weight is not None else HUNDRED
            if wsum != expected_total:
                yield make_finding(
                    "evaluation-sum-mismatch",
                    parts[0].source,
                    subject=subject,
                    what="各一级指标权重合计",
                    rule="应为100",
                    expected=plain(expected_total),
                    actual=plain(wsum),
                )
        scores = [s.score for s in parts]
        if None not in scores and total.score is not None:
            yield from sum_findings(
                "evaluation-sum-mismatch",
                sum((s for s in scores if s is not None), ZERO),
                total.score,
                len(parts),
                total.source,
                subject=subject,
                what=f"“{total.name}”",
                rule="各一级指标得分之和",
            )


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def _printed_percent(raw: str | None) -> Decimal | None:
    m = _PERCENT.search(raw or "")
    if not m:
        return None
    try:
        return Decimal(m.group(1))
    except InvalidOperation:
        return None


def rate_finding(
    subject: str, what: str, score, weight, raw: str | None, source: Source, code: str = "evaluation-rate-mismatch"
) -> list[Finding]:
    """得分率 printed (``raw``) against 得分 ÷ 权重 at its printed decimals: [] or the finding ``code``."""
    printed = _printed_percent(raw)
    if printed is None or score is None or weight is None or weight <= 0:
        return []
    expected = rounded(score / weight * HUNDRED, places(printed))
    if expected == printed:
        return []
    return [
        make_finding(
            code,
            source,
            subject=subject,
            what=what,
            score=plain(score),
            weight=plain(weight),
            expected=f"{expected}%",
            actual=(raw or "").strip(),
        )
    ]


@check("evaluation-rate-mismatch", applies_to="final_accounts")
def evaluation_rates(doc: Document) -> Iterator[Finding]:
    """得分率 = 得分 ÷ 权重 per row, per section and for the total, at the printed decimals."""
    for ev in _evaluations(doc):
        subject = ev.title
        for row in ev.score_table:
            yield from rate_finding(subject, f"指标“{row.name}”", row.score, row.weight, row.raw_rate, row.source)
        sections = [*ev.sections, *ev.abstract_sections, *([ev.total] if ev.total is not None else [])]
        seen = set()
        for s in sections:
            if s.source in seen:
                continue
            seen.add(s.source)
            raw = s.raw_rate if s.raw_rate is not None else None
            yield from rate_finding(subject, f"“{s.name}”", s.score, s.weight, raw, s.source)


@check("evaluation-grade-mismatch", applies_to="final_accounts")
def evaluation_grades(doc: Document) -> Iterator[Finding]:
    """Each section's grade by its 得分率 and the total's by its score, under the report's bands."""
    for ev in _evaluations(doc):
        bands = ev.bands
        if not bands:
            continue
        subject = ev.title
        seen = set()
        for s in (*ev.sections, *ev.abstract_sections):
            if s.source in seen or not s.grade or s.score is None or s.weight is None or s.weight <= 0:
                continue
            seen.add(s.source)
            if s.name in SECTION_NAMES:
                value = s.score / s.weight * HUNDRED
                what, shown = f"“{s.name}”的得分率", f"{plain(rounded(value, 2))}%"
            else:
                value, what, shown = s.score, f"“{s.name}”", f"{plain(s.score)}分"
            yield from _grade_finding(subject, what, value, shown, s.grade, bands, s.source)
        total = ev.total
        if total is not None and total.score is not None:
            for grade, source in ((total.grade, total.source), (ev.grade, ev.source)):
                if grade and source not in seen:
                    seen.add(source)
                    yield from _grade_finding(
                        subject, "评价总分", total.score, f"{plain(total.score)}分", grade, bands, source
                    )


def _grade_finding(
    subject: str, what: str, value: Decimal, shown: str, grade: str, bands: GradeBands, source: Source
) -> list[Finding]:
    expected = bands.grade(value)
    if expected is None or expected == grade.strip():
        return []
    return [
        make_finding(
            "evaluation-grade-mismatch",
            source,
            subject=subject,
            what=what,
            score=shown,
            bands=bands.thresholds_text(),
            expected=expected,
            actual=grade,
        )
    ]


@check("evaluation-score-out-of-range", "evaluation-partial-score-all-or-nothing", applies_to="final_accounts")
def evaluation_row_scores(doc: Document) -> Iterator[Finding]:
    """A score outside [0, 权重]; a partial score under an all-or-nothing standard."""
    for ev in _evaluations(doc):
        for row in ev.score_table:
            if row.score is None or row.weight is None:
                continue
            if not ZERO <= row.score <= row.weight:
                yield make_finding(
                    "evaluation-score-out-of-range",
                    row.source,
                    subject=ev.title,
                    item=row.name,
                    actual=plain(row.score),
                    weight=plain(row.weight),
                )
            elif ZERO < row.score < row.weight and _all_or_nothing(row.standard):
                yield make_finding(
                    "evaluation-partial-score-all-or-nothing",
                    row.source,
                    subject=ev.title,
                    item=row.name,
                    standard=row.standard.strip(),
                    actual=plain(row.score),
                    weight=plain(row.weight),
                )


_PARTIAL_WORDS = ("每", "扣除", "扣减", "各占", "%", "％", "比例", "专家", "酌情", "分档", "档次")


def _all_or_nothing(standard: str) -> bool:
    """The standard "…达到100%，则得满分，否则，不得分" with no partial deduction anywhere in the standard."""
    text = re.sub(r"[\s，,。；;]", "", standard or "")
    if "否则不得分" not in text:
        return False
    rest = text.replace("100%", "").replace("100％", "")
    return not any(word in rest for word in _PARTIAL_WORDS)


# -- the report's text against its own table -----------------------------------------------------------


def _name_key(name: str) -> str:
    return re.sub(r"[\s①-⑳（）()、.．]", "", name or "")


def _row_for(ev: Evaluation, name: str) -> ScoreItem | None:
    key = _name_key(name)
    if not key:
        return None
    rows = {_name_key(r.name): r for r in ev.score_table}
    if key in rows:
        return rows[key]
    best, best_ratio = None, 0.0
    for k, row in rows.items():
        ratio = difflib.SequenceMatcher(None, key, k).ratio()
        if ratio > best_ratio:
            best, best_ratio = row, ratio
    return best if best_ratio >= 0.85 else None


@check("evaluation-text-mismatch", "evaluation-text-contradicts", applies_to="final_accounts")
def evaluation_text_against_table(doc: Document) -> Iterator[Finding]:
    """Item sentences, 评分说明 conclusions and section sentences against the tables and themselves."""
    for ev in _evaluations(doc):
        subject = ev.title
        weights: dict[str, Decimal] = {}
        for st in ev.statements:
            if st.kind == "item":
                row = _row_for(ev, st.name)
                if st.weight is not None:
                    weights[st.name] = st.weight
                yield from _item_statement(subject, st, row)
            elif st.kind == "explanation":
                row = _row_for(ev, st.name)
                weight = weights.get(st.name, row.weight if row is not None else None)
                yield from _explanation_statement(subject, st, row, weight)
            elif st.kind == "section":
                yield from _section_statement(subject, st, _section(ev.sections, st.name))
        yield from _department_sentences(ev, subject)


def _parts_disagree(st: ScoreStatement) -> bool:
    """得 + 扣 ≠ 共 in a sentence that states all three."""
    if st.weight is None or st.score is None or st.deduction is None:
        return False
    return st.score + st.deduction != st.weight


def _item_statement(subject: str, st: ScoreStatement, row: ScoreItem | None) -> Iterator[Finding]:
    basis = f"评分表（第{row.source.line}行）中" if row is not None else ""
    yield from _statement(subject, st, row, basis, f"指标“{st.name}”")


def _explanation_statement(
    subject: str, st: ScoreStatement, row: ScoreItem | None, weight: Decimal | None
) -> Iterator[Finding]:
    text = st.raw.strip()
    score = st.score
    if score is None and st.deduction is not None and weight is not None:
        score = weight - st.deduction
    problems = []
    if st.score is not None and st.deduction is not None and weight is not None and st.score + st.deduction != weight:
        problems.append(f"得{plain(st.score)}分加扣{plain(st.deduction)}分不等于分值{plain(weight)}分")
    printed = _printed_percent(text.split("得分率")[-1]) if "得分率" in text else None
    if printed is not None and score is not None and weight is not None and weight > 0:
        expected = rounded(score / weight * HUNDRED, places(printed))
        if expected != printed:
            how = f"得{plain(score)}分" if st.score is not None else f"扣{plain(st.deduction)}分即得{plain(score)}分"
            problems.append(f"分值{plain(weight)}分、{how}，得分率应为{plain(expected)}%，文中为{plain(printed)}%")
    table_note = ""
    if row is not None and row.score is not None and score is not None and score != row.score:
        table_note = f"评分表（第{row.source.line}行）该指标得分为{plain(row.score)}"
        if weight is not None:
            table_note += f"，即扣{plain(weight - row.score)}分"
    if problems:
        detail = "；".join(problems + ([table_note] if table_note else []))
        yield make_finding("evaluation-text-contradicts", st.source, subject=subject, text=text, detail=detail)
    elif table_note and row is not None:
        yield make_finding(
            "evaluation-text-mismatch",
            st.source,
            subject=subject,
            what=f"指标“{st.name}”评分说明的得分",
            basis=f"评分表（第{row.source.line}行）中",
            expected=plain(row.score),
            actual=plain(score),
        )


def _section_statement(subject: str, st: ScoreStatement, section: SectionScore | None) -> Iterator[Finding]:
    basis = f"汇总表（第{section.source.line}行）中" if section is not None else ""
    yield from _statement(subject, st, section, basis, f"“{st.name}”")


def _statement(
    subject: str, st: ScoreStatement, counterpart: ScoreItem | SectionScore | None, basis: str, name: str
) -> Iterator[Finding]:
    """A sentence "…共N分，得M分，扣K分": its parts add up, and agree with the table row it names."""
    if _parts_disagree(st):
        yield make_finding(
            "evaluation-text-contradicts",
            st.source,
            subject=subject,
            text=st.raw.strip(),
            detail=f"得{plain(st.score)}分加扣{plain(st.deduction)}分不等于共{plain(st.weight)}分",
        )
    if counterpart is None:
        return
    for label, said, table in (("权重", st.weight, counterpart.weight), ("得分", st.score, counterpart.score)):
        if said is not None and table is not None and said != table:
            yield make_finding(
                "evaluation-text-mismatch",
                st.source,
                subject=subject,
                what=f"{name}的{label}",
                basis=basis,
                expected=plain(table),
                actual=plain(said),
            )


def _department_sentences(ev: Evaluation, subject: str) -> Iterator[Finding]:
    """A report without a score table: Σ "得 N 分" under each section heading = the section's score."""
    groups: dict[str, list[ScoreStatement]] = {}
    for st in ev.statements:
        if st.kind != "sentence" or st.score is None:
            continue
        name = next((n for n in SECTION_NAMES if n in st.section), None)
        if name is not None and "问题" not in st.section:
            groups.setdefault(name, []).append(st)
    for name, sentences in groups.items():
        section = _section(ev.sections, name)
        if section is None or section.score is None:
            continue
        total = sum((s.score for s in sentences if s.score is not None), ZERO)
        if total != section.score:
            listed = "、".join(f"{s.name}{plain(s.score)}分" for s in sentences)
            yield make_finding(
                "evaluation-text-mismatch",
                section.source,
                subject=subject,
                what=f"“{name}”的得分",
                basis=f"其下各项“得N分”之和（{listed}）",
                expected=plain(total),
                actual=plain(section.score),
            )


# -- numbers quoted in a 评分说明 against the row's 评分依据 ---------------------------------------------------

_QUANTITY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元|件|人次|人|份|天|[%％])")


def _quantities(text: str) -> dict[str, dict[Decimal, str]]:
    """unit → {value: the number as printed} for every "number + unit" in ``text``."""
    out: dict[str, dict[Decimal, str]] = {}
    for number, unit in _QUANTITY.findall(text or ""):
        try:
            value = Decimal(number.replace(",", "")).normalize()
        except InvalidOperation:
            continue
        out.setdefault("%" if unit == "％" else unit, {}).setdefault(value, number)
    return out


@check("evaluation-text-mismatch", applies_to="final_accounts")
def evaluation_explanation_numbers(doc: Document) -> Iterator[Finding]:
    """A 评分说明 quoting, for a unit, none of the values the row's 评分依据 gives in that unit."""
    for ev in _evaluations(doc):
        for st in ev.statements:
            if st.kind != "item":
                continue
            row = _row_for(ev, st.name)
            if row is None:
                continue
            basis = _quantities(row.basis)
            for para in ev.paragraphs:
                if para.heading or not para.path or para.path[-1] != st.section or "评分说明" not in para.text:
                    continue
                quoted = para.text.split("根据评分标准")[0]
                for unit, values in _quantities(quoted).items():
                    table = basis.get(unit)
                    if table and not set(values) & set(table):
                        yield make_finding(
                            "evaluation-text-mismatch",
                            para.source,
                            subject=ev.title,
                            what=f"指标“{row.name}”评分说明所引数据",
                            basis=f"评分表（第{row.source.line}行）评分依据中",
                            expected="、".join(f"{table[v]}{unit}" for v in sorted(table)),
                            actual="、".join(f"{values[v]}{unit}" for v in sorted(values)),
                        )
