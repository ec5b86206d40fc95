"""The kinds of document written in prose: “三公”经费 statements, monitoring reports and
self-evaluation reports, each read by :func:`jixiao.ingest.statement.read_statement`.

Evidence is looked for in the normalised text (Simplified characters, no pinyin residue), so
that a Traditional mirror (``“三公”經(jīng)費``) is recognised like the original. A prose kind is
a statement, not a book of tables: a text that lists several tables (``…决算表``, ``…预算表``,
``…情况表``) is a 部门预算 or 部门决算 whose “三公” part is one section among others, and is
left to the readers of those kinds; a table form (``绩效自评表``) is likewise not a
self-evaluation *report*.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from jixiao.ingest.context import ReadContext
from jixiao.ingest.hanzi import simplified
from jixiao.ingest.registry import Clue, Detection, clues, document_kind, word
from jixiao.ingest.statement import read_statement
from jixiao.model.statement import Statement

_TABLE_TITLE = re.compile(r"(?:总表|决算表|预算表|情况表|明细表|统计表|自评表|目标表|申报表|评分表)")
_AMOUNT_OF_ITEM = re.compile(r"(?:出国|接待|公务用?车|车辆|运行维护)[^。]{0,24}?\d[\d,.]*\s*万?元")
_PROSE_HEADINGS = re.compile(r"(?m)^\s*[一二三四五六七八九十]+、[^\n。]{2,30}(?:情况|分析|问题|建议|措施|结论)")
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:万元|亿元|元|%|分(?![之类配析别期]))")


@lru_cache(maxsize=4)
def _body(text: str) -> str:
    """The normalised text (computed once for the three kinds)."""
    return simplified(text)


def _pattern(label: str, rx: re.Pattern[str], weight: float, least: int = 1) -> Clue:
    return Clue(label, weight, lambda text: len(rx.findall(text)) >= least)


def _prose(*items: Clue, against: re.Pattern[str] = _TABLE_TITLE, least: int = 2) -> Callable[[str], Detection]:
    """Evidence from clues in the normalised body; nil when the text is a book of tables
    (``least`` or more table titles) or states no figure at all."""
    base = clues(*items)

    def evidence(text: str) -> Detection:
        body = _body(text)
        found = base(body)
        tables = len(against.findall(body))
        confidence = found.confidence
        missing = found.missing
        if tables >= least:  # a book of tables (or a form) is read by its own kind, never as prose
            confidence = 0.0
            missing = (*missing, f"文字说明（文中有{tables}个表名，是成套的表格）")
        if not _FIGURE.search(body):
            confidence = 0.0
            missing = (*missing, "文中的金额或比例")
        return Detection(confidence, found.evidence, missing)

    return evidence


@document_kind(
    "three_public",
    "“三公”经费说明",
    _prose(
        word("三公", 0.5),
        word("因公出国", 0.3),
        word("公务接待", 0.3),
        word("公务用车", 0.3),
        _pattern("各项“三公”经费金额", _AMOUNT_OF_ITEM, 0.5, least=2),
    ),
)
def read_three_public(ctx: ReadContext) -> Statement:
    return read_statement(ctx, "three_public")


@document_kind(
    "monitoring_report",
    "绩效运行监控报告",
    _prose(
        word("运行监控", 0.6),
        word("监控报告", 0.5),
        word("监控情况", 0.3),
        _pattern("“1-6月”等监控时段", re.compile(r"1\s*[-—~至]\s*\d{1,2}\s*月"), 0.3),
        _pattern("执行率或完成率", re.compile(r"(?:执行|完成)率"), 0.2),
    ),
)
def read_monitoring_report(ctx: ReadContext) -> Statement:
    return read_statement(ctx, "monitoring_report")


@document_kind(
    "selfeval_report",
    "绩效自评报告",
    _prose(
        _pattern("“自评报告”", re.compile(r"自评(?:总结|工作)?报告"), 0.6),
        _pattern("“绩效自评”或“单位自评”", re.compile(r"(?:绩效|单位)自评(?!表)"), 0.3),
        _pattern("报告式的章节标题（一、…情况）", _PROSE_HEADINGS, 0.4, least=2),
        _pattern(
            "“基本情况”“项目概况”等报告段落", re.compile(r"基本情况|项目概况|立项背景|自评(?:完成|开展)情况"), 0.3
        ),
        _pattern("文中的自评得分", re.compile(r"自评得分\s*[为是:：]?\s*\d"), 0.3),
        least=1,
    ),
)
def read_selfeval_report(ctx: ReadContext) -> Statement:
    return read_statement(ctx, "selfeval_report")
