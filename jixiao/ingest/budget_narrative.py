"""The facts a budget disclosure's narrative states (预算编制说明, 其他相关情况说明, 项目说明).

Every fact keeps the number as printed, its unit and its source (the page, line and column
of the number, from the sections' stated numbers). Keys:

- ``income.total`` 收入预算, ``income.fiscal`` 财政拨款收入, ``income.business`` 事业收入,
  ``income.operation`` 事业单位经营收入, ``income.other`` 其他收入; ``expenditure.total``
  支出预算, ``expenditure.fiscal`` 财政拨款支出预算, ``expenditure.general`` 一般公共预算拨款支出预算,
  ``expenditure.gov_fund``, ``expenditure.state_capital``. A change stated after one of them
  (``比2025年预算增加793.14万元``, ``持平``) is ``<key>.change`` with the direction as label
  and the compared year in ``text``.
- ``item.amount`` / ``item.previous`` / ``item.current`` / ``item.change`` for each 项 the
  narrative lists (``subject`` the 项 name, ``classification`` (类, 款, 项) names, the codes
  in ``raw`` of ``item.code`` when printed): three wordings are read (``公共安全支出（204类）
  司法（06款）行政运行（01项）``, ``“…（类）…（款）…（项）”``, ``“类-款-项”科目``).
- ``three_public.total|abroad|vehicle|vehicle_purchase|vehicle_running|reception`` (and
  ``.change``), ``operating.total`` 机关运行经费, ``procurement.total|goods|works|services``,
  ``goals.projects`` / ``goals.amount`` (绩效目标), ``project.amount`` and ``project.period``
  (a project's 年度预算安排 and 实施周期, ``subject`` the project).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from jixiao.model.accounts import Fact, NarrativeSection
from jixiao.model.source import Source

NUM = r"(\d[\d,]*(?:\.\d+)?)"
WAN = rf"{NUM}\s*万元"
CHANGE = re.compile(
    rf"[，,；;。]?\s*(?:比|较|与)(\d{{4}})\s*年(?:度)?(?:当年)?(?:预算|预算数|预算执行数)?\s*"
    rf"(?:(增加|减少|增长|下降){NUM}\s*(万元|%)|(持平|相比持平|相同|不变))"
)
TOTALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("income.fiscal", re.compile(rf"财政拨款收入(?:预算)?\s*(?:为)?{WAN}")),
    ("income.business", re.compile(rf"(?<!经营)事业收入(?:预算)?\s*(?:为)?{WAN}")),
    ("income.operation", re.compile(rf"事业单位经营收入(?:预算)?\s*(?:为)?{WAN}")),
    ("income.other", re.compile(rf"其他收入(?:预算)?\s*(?:为)?{WAN}")),
    ("expenditure.fiscal", re.compile(rf"财政拨款支出预算\s*(?:为)?{WAN}")),
    ("expenditure.general", re.compile(rf"一般公共预算(?:财政)?拨款支出预算\s*(?:为)?{WAN}")),
    ("expenditure.gov_fund", re.compile(rf"政府性基金(?:预算)?(?:财政)?拨款支出预算\s*(?:为)?{WAN}")),
    ("expenditure.state_capital", re.compile(rf"国有资本经营预算(?:财政)?拨款支出预算\s*(?:为)?{WAN}")),
    ("income.total", re.compile(rf"(?<![拨款经营事业其他])收入预算(?:总额|总计|合计)?\s*(?:为)?{WAN}")),
    ("expenditure.total", re.compile(rf"(?<![拨款])支出预算(?:总额|总计|合计)?\s*(?:为)?{WAN}")),
)
THREE_PUBLIC: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("three_public.total", re.compile(rf"三公.{{0,2}}经费(?:财政拨款)?预算(?:数)?(?:为|共计|合计)?\s*{WAN}")),
    ("three_public.abroad", re.compile(rf"因公出国[（(]境[)）](?:费用?)?(?:预算)?(?:为)?\s*{WAN}")),
    ("three_public.vehicle", re.compile(rf"公务用车购置及运行(?:维护)?费(?:预算)?(?:为)?\s*{WAN}")),
    ("three_public.vehicle_purchase", re.compile(rf"公务用车购置费(?:预算)?(?:为)?\s*{WAN}")),
    ("three_public.vehicle_running", re.compile(rf"公务用车运行(?:维护)?费(?:预算)?(?:为)?\s*{WAN}")),
    ("three_public.reception", re.compile(rf"公务接待费(?:预算)?(?:为)?\s*{WAN}")),
)
OTHERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("operating.total", re.compile(rf"机关运行经费(?:预算)?(?:为|共计)?\s*{WAN}")),
    ("procurement.total", re.compile(rf"政府采购预算\s*(?:为|共计)?{WAN}")),
    ("procurement.goods", re.compile(rf"政府采购货物预算\s*(?:为)?{WAN}")),
    ("procurement.works", re.compile(rf"政府采购工程预算\s*(?:为)?{WAN}")),
    ("procurement.services", re.compile(rf"政府采购服务预算\s*(?:为)?{WAN}")),
    ("goals.projects", re.compile(r"绩效目标的项目(?:共|数)?\s*(\d+)\s*个")),
    ("goals.amount", re.compile(rf"绩效目标的项目.{{0,12}}?(?:涉及|项目)?(?:项目)?预算(?:资金)?(?:共|合计)?\s*{WAN}")),
)
ITEM = re.compile(rf"^[“\"]?(?P<subject>[^“”\"。，]{{4,80}}?)[”\"]?\s*(?:科目)?\s*{WAN}")
LEVELED = re.compile(r"([^（()）]+?)[（(]\s*(\d*)\s*(类|款|项)\s*[)）]")
PREVIOUS = re.compile(rf"(\d{{4}})\s*年(?:当年)?预算(?:执行数|数)?(?:为)?\s*{WAN}")
CURRENT = re.compile(rf"(\d{{4}})\s*年预算安排\s*{WAN}")
ITEM_CHANGE = re.compile(
    rf"比(\d{{4}})\s*年(?:当年)?(?:预算执行数|预算数|预算)?\s*(?:(增加|减少|增长|下降){NUM}\s*(%|万元)|(持平))"
)
PERIOD = re.compile(r"(\d{4})\s*年")


def extract_facts(sections: Iterable[NarrativeSection], year: int | None) -> list[Fact]:
    facts: list[Fact] = []
    sections = list(sections)
    for s in sections:
        part = s.part
        if part.endswith("经费情况说明") and part != "其他相关情况说明":
            facts.extend(_project(s))
            continue
        if "名词解释" in part or part == "目录" or part.endswith(("主要职能", "机构设置")):
            continue
        if s.ordinal and s.level >= 4 and (item := _item(s)):
            facts.extend(item)
            continue
        for key, pattern in (*TOTALS, *THREE_PUBLIC, *OTHERS):
            for m in pattern.finditer(s.text):
                if key == "expenditure.total" and _inside_other_total(s.text, m.start()):
                    continue
                unit = "个" if key == "goals.projects" else "万元"
                facts.append(_fact(s, key, m, 1, unit))
                if c := CHANGE.match(s.text, m.end()):
                    facts.append(_change(s, key, c))
    return facts


def _inside_other_total(text: str, start: int) -> bool:
    """``财政拨款支出预算…`` / ``一般公共预算拨款支出预算`` contain ``支出预算``: not the total."""
    return text[max(0, start - 6) : start].endswith(("拨款", "财政拨款", "基金拨款"))


def _number_source(s: NarrativeSection, position: int) -> Source:
    best = min(s.numbers, key=lambda n: abs(n.position - position), default=None)
    if best is not None and abs(best.position - position) <= 2:
        return best.source
    line = s.line_at(position)
    return s.source.at(line=line) if line is not None else s.source


def _fact(
    s: NarrativeSection, key: str, m: re.Match[str], group: int, unit: str, **kw: object
) -> Fact:
    raw = m.group(group)
    return Fact(key, Decimal(raw.replace(",", "")), unit, raw, _number_source(s, m.start(group)), **kw)  # type: ignore[arg-type]


def _change(s: NarrativeSection, key: str, c: re.Match[str], **kw: object) -> Fact:
    compared = c.group(1)
    if c.group(5):  # 持平
        where = _number_source(s, c.start())
        return Fact(f"{key}.change", Decimal(0), "万元", c.group(5), where, label="持平", text=compared, **kw)  # type: ignore[arg-type]
    raw = c.group(3)
    return Fact(
        f"{key}.change",
        Decimal(raw.replace(",", "")),
        c.group(4),
        raw,
        _number_source(s, c.start(3)),
        label=c.group(2),
        text=compared,
        **kw,  # type: ignore[arg-type]
    )


def split_subject(subject: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names, codes) of ``公共安全支出（204类）司法（06款）行政运行（01项）``,
    ``一般公共服务支出（类）…（项）`` or ``一般公共服务支出-…-行政运行``."""
    found = LEVELED.findall(subject)
    if found:
        return tuple(n.strip("“”\" ") for n, _, _ in found), tuple(c for _, c, _ in found)
    parts = [p.strip("“”\" ") for p in re.split(r"\s*[-—－]\s*", subject) if p.strip()]
    return tuple(parts), ()


def _item(s: NarrativeSection) -> list[Fact]:
    text = s.text
    m = ITEM.match(text)
    if not m:
        return []
    names, codes = split_subject(m.group("subject"))
    if len(names) < 2:
        return []
    subject = names[-1]
    kw = {"subject": subject, "classification": names}
    out = [_fact(s, "item.amount", m, 2, "万元", **kw)]
    if codes and all(codes):
        code = Fact("item.code", None, None, "".join(codes), _number_source(s, m.start()), **kw)  # type: ignore[arg-type]
        out.append(code)
    if p := PREVIOUS.search(text, m.end()):
        out.append(_fact(s, "item.previous", p, 2, "万元", label=p.group(1), **kw))
    if c := CURRENT.search(text, m.end()):
        out.append(_fact(s, "item.current", c, 2, "万元", label=c.group(1), **kw))
    if ch := ITEM_CHANGE.search(text, m.end()):
        if ch.group(5):
            where = _number_source(s, ch.start())
            flat = Fact("item.change", Decimal(0), "%", ch.group(5), where, label="持平", text=ch.group(1), **kw)  # type: ignore[arg-type]
            out.append(flat)
        else:
            out.append(_fact(s, "item.change", ch, 3, ch.group(4), label=ch.group(2), text=ch.group(1), **kw))
    return out


def _project(s: NarrativeSection) -> list[Fact]:
    """A project's 经费情况说明: 年度预算安排 and 实施周期."""
    project = s.part.removesuffix("经费情况说明").removesuffix("项目") or s.part
    title = s.title or s.heading
    out: list[Fact] = []
    if "预算安排" in title and (m := re.search(WAN, s.text)):
        out.append(_fact(s, "project.amount", m, 1, "万元", subject=project))
    if "实施周期" in title:
        for m in PERIOD.finditer(s.text):
            out.append(_fact(s, "project.period", m, 1, "年", subject=project, text=s.text))
    return out
