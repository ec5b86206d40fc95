"""Facts an evaluation report states in its prose: its kind and project, the evaluation stages,
the grade bands, the department report's section scores, and every sentence that states a score."""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.ingest.context import ReadContext
from jixiao.ingest.evaluation.text import (
    GRADES,
    NUM,
    bare_heading,
    bare_section,
    dec,
    parse_date,
    percent,
    sentences,
    squeeze,
    statement_name,
    states_total,
)
from jixiao.ingest.text import parse_decimal
from jixiao.model.evaluation import GradeBand, Paragraph, ScoreStatement, SectionScore, Stage

_STAGE = re.compile(
    r"^(?:\d{1,2}\s*[.、．]\s*)?([^（(]+?)\s*[（(]\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[-－—–~～至]+\s*"
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]"
)
_ITEM_SENTENCE = re.compile(
    rf"([^，。；,;：:]+?)指标共\s*({NUM})\s*分\s*[，,]\s*得\s*({NUM})\s*分\s*(?:[，,]\s*扣\s*({NUM})\s*分)?"
)
_DEPT_SECTION = re.compile(rf"分值为\s*({NUM})\s*分\s*[，,]\s*评价得分\s*({NUM})\s*分\s*[，,]\s*得分率\s*({NUM})\s*%")
_GOT = re.compile(rf"得(?<!评价得)\s*({NUM})\s*分(?![率值])")
_GRADE_WORD = re.compile(rf"为\s*[“\"]?([{GRADES}])[”\"]?")
_CLAUSE_END = re.compile(r"[；;、。，,：:]")
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[、.．]")
_BAND_INCLUSIVE = (re.compile(rf"含\s*({NUM})"), re.compile(rf"({NUM})\s*分?\s*[（(]\s*含\s*[)）]"))
_BAND_ABOVE = re.compile(rf"({NUM})\s*分?\s*以上")
_ANY_NUM = re.compile(NUM)
_EXPLAINED_SCORE = re.compile(rf"该项指标得\s*({NUM})\s*分")
_EXPLAINED_DEDUCTION = re.compile(rf"扣\s*({NUM})\s*分")
_EXPLAINED_RATE = re.compile(rf"得分率为?\s*({NUM})\s*%")


def evaluation_kind(title: str, evaluator: str | None) -> str:
    if "财政绩效评价" in title or "财政评价" in title:
        return "finance"
    if evaluator and re.search(r"事务所|公司|财政局|财政厅|财政部|咨询|会计", evaluator):
        return "finance"
    return "department" if evaluator else "unknown"


def project_name(title: str, unit: str | None) -> str | None:
    t = re.sub(r"^\d{4}\s*年度?", "", title)
    if unit and t.startswith(unit):
        t = t[len(unit) :]
    t = re.sub(r"(?:项目)?(?:支出)?(?:财政)?(?:绩效)?评价报告$", "", t)
    return t or None


def stages(paragraphs: list[Paragraph]) -> tuple[Stage, ...]:
    out = []
    for p in paragraphs:
        m = _STAGE.match(p.text) if "日" in p.text else None  # a stage states dates (a slow pattern)
        if m:
            start, end = squeeze(m.group(2)), squeeze(m.group(3))
            out.append(Stage(squeeze(m.group(1)), start, end, parse_date(start), parse_date(end), p.text, p.source))
    return tuple(out)


def _band_lower(clause: str) -> Decimal | None:
    """The inclusive lower bound a clause such as ``80~90 分(含 80 分)`` gives."""
    if "分" not in clause:
        return None
    for pattern in _BAND_INCLUSIVE:
        m = pattern.search(clause)
        if m:
            return parse_decimal(m.group(1))
    if "以下" in clause and _ANY_NUM.search(clause):
        return Decimal(0)
    m = _BAND_ABOVE.search(clause)
    return parse_decimal(m.group(1)) if m else None


def grade_bands(ctx: ReadContext, paragraphs: list[Paragraph], title: str) -> list[GradeBand]:
    bands: dict[str, GradeBand] = {}
    for p in paragraphs:
        for m in _GRADE_WORD.finditer(p.text):
            before = p.text[: m.start()]
            cut = max((c.end() for c in _CLAUSE_END.finditer(before)), default=0)
            clause = before[cut:]
            lower = _band_lower(clause)
            if lower is None:
                continue
            grade = m.group(1)
            raw = (clause + m.group(0)).strip()
            if grade in bands and bands[grade].lower != lower:
                ctx.report(
                    "evaluation-summary-mismatch",
                    p.source,
                    subject=title,
                    what="评价等级标准",
                    detail=f"“{bands[grade].raw}”与“{raw}”",
                    expected=bands[grade].raw,
                    actual=raw,
                )
            bands.setdefault(grade, GradeBand(grade, lower, raw, p.source))
    return list(bands.values())


def department_sections(paragraphs: list[Paragraph]) -> list[SectionScore]:
    out = []
    for p in paragraphs:
        m = _DEPT_SECTION.search(p.text)
        if m and p.path:
            out.append(
                SectionScore(
                    name=bare_section(p.path[-1]),
                    weight=parse_decimal(m.group(1)),
                    score=parse_decimal(m.group(2)),
                    rate=percent(m.group(3) + "%"),
                    grade=None,
                    raw=m.group(0),
                    source=p.source,
                    raw_rate=m.group(3) + "%",
                )
            )
    return out


def item_statements(paragraphs: list[Paragraph], section_names: set[str]) -> list[ScoreStatement]:
    """Every sentence that states a score, in order (see :class:`ScoreStatement`)."""
    out: list[ScoreStatement] = []
    last_item: ScoreStatement | None = None
    for p in paragraphs:
        if p.heading:
            continue
        section = p.path[-1] if p.path else ""
        found = item_sentences(p, section, section_names)
        out.extend(found)
        for st in found:
            last_item = st if st.kind == "item" else last_item
        if _DEPT_SECTION.search(p.text) or states_total(p.text):
            continue
        if "该项指标" in p.text:
            out.append(_explanation(p, section, last_item))
            continue
        if found:
            continue
        out.extend(_got_sentences(p, section))
    return out


def item_sentences(p: Paragraph, section: str, section_names: set[str]) -> list[ScoreStatement]:
    """``…指标共 N 分，得 M 分``: the statements of kind ``item`` (or ``section``) of a paragraph."""
    # The sentence pattern needs the words 指标共; looking for them first skips a slow
    # scan (a lazy run tried at every position) of the many paragraphs without them.
    if "指标共" not in p.text:
        return []
    out = []
    for m in _ITEM_SENTENCE.finditer(p.text):
        name = squeeze(m.group(1))
        bare = bare_section(name)
        kind = "section" if bare in section_names else "item"
        out.append(
            ScoreStatement(
                kind=kind,
                name=bare if kind == "section" else name,
                weight=dec(m.group(2)),
                score=dec(m.group(3)),
                deduction=dec(m.group(4)),
                rate=None,
                section=section,
                raw=m.group(0),
                source=p.source,
            )
        )
    return out


def _explanation(p: Paragraph, section: str, item: ScoreStatement | None) -> ScoreStatement:
    rest = p.text[p.text.rfind("该项指标") :]
    score = _EXPLAINED_SCORE.match(rest)
    deduction = _EXPLAINED_DEDUCTION.search(rest)
    rate = _EXPLAINED_RATE.search(rest)
    name = item.name if item is not None and item.section == section else bare_heading(section)
    return ScoreStatement(
        kind="explanation",
        name=name,
        weight=None,
        score=dec(score.group(1)) if score else None,
        deduction=dec(deduction.group(1)) if deduction else None,
        rate=percent(rate.group(1) + "%") if rate else None,
        section=section,
        raw=rest,
        source=p.source,
    )


def _got_sentences(p: Paragraph, section: str) -> list[ScoreStatement]:
    """``…，得 1 分``: one statement per sentence (numbered paragraphs are one statement)."""
    numbered = _NUMBERED.match(p.text)
    pieces = [p.text] if numbered else sentences(p.text)
    out = []
    for piece in pieces:
        for m in _GOT.finditer(piece):
            out.append(
                ScoreStatement(
                    kind="sentence",
                    name=statement_name(piece),
                    weight=None,
                    score=dec(m.group(1)),
                    deduction=None,
                    rate=None,
                    section=section,
                    raw=piece,
                    source=p.source,
                )
            )
    return out
