"""Findings: problems in input reported as values, from one catalogue of stable codes.

A reader, rule or check never raises on a bad document; it records a :class:`Finding`
with the location and goes on. Every finding kind is declared once in :data:`CATALOGUE`
with a kebab-case code, a severity, a Chinese title and a message template.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.finding import Finding, FindingKind, Severity
from jixiao.model.source import Source

__all__ = ["CATALOGUE", "Finding", "FindingKind", "Severity", "make_finding", "summarize"]


_KINDS: list[FindingKind] = []


def _kind(code: str, severity: Severity, title: str, template: str, *tags: str, description: str = "") -> None:
    _KINDS.append(FindingKind(code, severity, title, template, tags, description))


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- reading files ---------------------------------------------------------------------
_kind("file-unreadable", E, "无法读取文件", "无法读取文件：{reason}", "read")
_kind("file-empty", E, "文件为空", "文件为空，没有可读取的内容", "read")
_kind("file-binary", E, "二进制文件", "文件不是文本（含有二进制内容），无法按文本读取", "read")
_kind("encoding-fallback", I, "按GB18030读取", "文件不是UTF-8编码，已按{encoding}读取", "read")
_kind("encoding-invalid", W, "编码错误", "文件含有无法解码的字节，已用替换字符“\ufffd”保留位置：{detail}", "read")
_kind("document-kind-unknown", E, "无法识别文档类型", "无法识别文档类型（既不是绩效目标表，也不是部门决算）", "read")
_kind("unplaced-text", I, "未归类文本", "此行内容未能归入任何结构，已原样保留：{text}", "read")
# -- text clean-up ---------------------------------------------------------------------
_kind("page-number-in-cell", I, "单元格中的页码", "单元格中混入页码“{marker}”，已移除后读取", "read", "cleanup")
_kind("latex-fragment", I, "排版符号残片", "单元格中含有排版符号“{fragment}”，已按“{replacement}”读取", "read", "cleanup")
_kind("number-malformed", W, "数字格式错误", "“{text}”不是有效数字", "read", "number")
_kind("cell-shifted", I, "单元格错位", "单元格错位：{detail}", "read", "layout")
# -- target values (指标值) --------------------------------------------------------------
_kind("target-empty", W, "指标值为空", "指标“{subject}”没有填写指标值", "target")
_kind("target-ambiguous", W, "指标值含义不明", "指标值“{text}”含义不明：{detail}", "target")
_kind("target-prose-mixed", W, "指标值混入说明文字", "指标值“{text}”在数值后混入说明文字“{prose}”", "target")
_kind("target-unit-missing", W, "指标值缺少计量单位", "指标值“{text}”只有数字，没有计量单位", "target")
_kind("target-unparsed", W, "指标值无法解析", "指标值“{text}”无法解析为比较符、数值和单位，已作为文字保留", "target")
_kind("target-unit-from-prose", I, "单位取自说明文字", "指标值“{text}”的数值没有单位，已按其后说明文字“{prose}”读作“{unit}”", "target")
_kind("target-sign-conflict", W, "比较符与文字矛盾", "指标值“{text}”中比较符“{sign}”与“{word}”的方向相反", "target")
# -- goal tables (绩效目标表) --------------------------------------------------------------
_kind("goal-field-missing", W, "目标表缺少字段", "项目“{subject}”缺少“{field}”", "goal")
_kind("goal-amount-malformed", W, "金额格式错误", "项目“{subject}”的“{field}”金额“{text}”无法读取", "goal", "number")
_kind("goal-name-mismatch", W, "项目名称不一致", "表题中的项目名称“{expected}”与“项目名称”栏“{actual}”不一致", "goal")
_kind("goal-plan-shape", W, "资金支出计划不完整", "项目“{subject}”的资金支出计划有{labels}个时点，但只读到{count}个金额单元格", "goal", "layout")
_kind("goal-indicator-incomplete", W, "指标行不完整", "指标行有{count}个单元格（应为6个）：{text}", "goal", "layout")
_kind("goal-rows-merged", I, "指标行粘连", "项目“{subject}”中{count}个指标行之间缺少分隔，已按每行6个单元格拆开", "goal", "layout")
# -- final accounts (部门决算) ------------------------------------------------------------
_kind("table-missing", W, "缺少决算公开表", "未找到决算公开表“{subject}”", "accounts")
_kind("table-duplicate", W, "决算表重复", "决算公开表“{subject}”出现不止一次", "accounts")
_kind("table-row-unparsed", W, "表格行无法读取", "表“{table}”中此行无法按表头读取，已原样保留：{text}", "accounts", "layout")
_kind("table-column-count", W, "表格列数不符", "表“{table}”此行有{count}列，表头为{expected}列", "accounts", "layout")
_kind("table-header-repeated", I, "表头重复", "表“{table}”的表头在分页处重复出现，已跳过", "accounts", "layout")
_kind("section-missing", W, "缺少部分", "未找到“{subject}”部分", "accounts")
# -- narrative (情况说明) -------------------------------------------------------------------
_kind("narrative-fact-unmatched", W, "说明文字未按模板读取", "“{section}”中未找到“{fact}”的表述（{subject}），该数字未读取", "accounts", "narrative")
_kind("narrative-section-missing", W, "说明缺少章节", "情况说明中未找到“{subject}”一节，其中的数字未读取", "accounts", "narrative")
# -- self-evaluation forms (绩效自评表) ----------------------------------------------------
_kind("selfeval-row-unparsed", W, "自评表行无法读取", "自评表“{subject}”中此行无法归入预算或指标栏目，已原样保留：{text}", "selfeval", "layout")
_kind("selfeval-field-missing", W, "自评表缺少字段", "自评表“{subject}”缺少“{field}”", "selfeval")
_kind("selfeval-placeholder-row", I, "空占位指标行", "自评表“{subject}”中有未填写的占位指标行“{text}”", "selfeval")
_kind("selfeval-cells-merged", I, "单元格合并", "自评表“{subject}”中一个单元格含有两个栏目的值“{text}”，已拆分", "selfeval", "layout")
_kind("selfeval-filler-row", I, "填充行", "自评表“{subject}”中此行只有填充符号“{text}”，没有内容", "selfeval", "layout")
# -- evaluation reports (评价报告) ---------------------------------------------------------
_kind("evaluation-row-unparsed", W, "评分表行无法读取", "评分表中此行无法按表头读取，已原样保留：{text}", "evaluation", "layout")
_kind("evaluation-field-missing", W, "评价报告缺少字段", "评价报告“{subject}”缺少“{field}”", "evaluation")
_kind("evaluation-summary-mismatch", W, "评价报告前后不一致", "评价报告“{subject}”中{what}前后不一致：{detail}", "evaluation")
_kind("evaluation-indicator-name-missing", W, "评分表缺少指标名称", "评分表此行没有{level}级指标名称：{detail}", "evaluation", "layout")

CATALOGUE: dict[str, FindingKind] = {k.code: k for k in _KINDS}


class _Params(dict):
    def __missing__(self, key: str) -> str:  # a template field the caller did not give
        return "{" + key + "}"


def make_finding(
    code: str,
    source: Source,
    *,
    subject: str | None = None,
    expected: object = None,
    actual: object = None,
    **params: object,
) -> Finding:
    """Build a finding of a catalogued kind; the message comes from its template."""
    kind = CATALOGUE.get(code)
    if kind is None:  # a code missing from the catalogue must not crash a reader; tests catch it
        kind = FindingKind(code, Severity.WARNING, code, "未登记的发现类型“" + code + "”：{detail}", ("internal",))
        params = {"detail": "；".join(f"{k}={v}" for k, v in params.items())}
    values = _Params({k: _text(v) for k, v in params.items()})
    for name, value in (("subject", subject), ("expected", expected), ("actual", actual)):
        if value is not None:
            values.setdefault(name, _text(value))
    message = kind.template.format_map(values)
    return Finding(
        code=code,
        severity=kind.severity,
        message=message,
        source=source,
        subject=subject,
        expected=None if expected is None else _text(expected),
        actual=None if actual is None else _text(actual),
        tags=kind.tags,
    )


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def summarize(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    counts = {str(s): 0 for s in Severity}
    for f in findings:
        counts[str(f.severity)] += 1
    return counts
