"""Named facts of the 情况说明 (:func:`extract_facts`).

Sections of the 情况说明 are found by their title (``收入支出决算总体情况``, ``政府采购支出情况`` …),
never by position, and sentence templates written on the template's wording
(``完成年初预算的<n>%``, see :mod:`jixiao.ingest.narrative.templates`) pick numbers out of them.
A fact carries the stated number's value, unit and line, and a key declared in
:mod:`jixiao.model.facts`. A known sentence that does not match gives ``narrative-fact-unmatched``;
a known section that is absent gives ``narrative-section-missing``. Values are kept as printed: a
decrease stays positive and its direction word (减少) is the fact's label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

from jixiao.ingest.context import ReadContext
from jixiao.ingest.narrative.templates import Facts, compile_template, fact_at, word_source
from jixiao.model import facts as F
from jixiao.model.accounts import Fact, NarrativeSection
from jixiao.model.facts import EvaluationPart as E
from jixiao.model.facts import ItemPart as I
from jixiao.model.facts import Key as K
from jixiao.model.facts import ProjectPart as P
from jixiao.model.facts import ThreePublicItem as T3
from jixiao.model.facts import ThreePublicPart as T
from jixiao.model.facts import three_public

GRADE_WORDS = "|".join(F.GRADE_SLUGS)  # 优|良|中|差|合格|不合格
# Section title (full match on the heading without ordinal) → sentence templates. Keys are the
# declared names of jixiao.model.facts (K: one per section, T: the 三公 parts).
CHANGE = "<~{k}:增加|减少><{k}>万元"
GROWTH = "<~{k}:增长|下降|减少|降低><{k}>%"
SECTION_RULES: tuple[tuple[str, tuple[str | tuple[str, str], ...]], ...] = (
    (r"收入支出决算总体情况", (
        f"收入?、?支出?总计<{K.TOTAL}>万元",
        CHANGE.format(k=K.TOTAL_CHANGE),
        GROWTH.format(k=K.TOTAL_GROWTH),
    )),
    (r"收入决算情况", (f"本年收入合计<{K.INCOME_TOTAL}>万元",)),
    (r"支出决算情况", (f"本年支出合计<{K.EXPENDITURE_TOTAL}>万元",)),
    (r"财政拨款收入支出决算总体情况", (
        f"财政拨款收入?、?支出?总计<{K.FISCAL_TOTAL}>万元",
        CHANGE.format(k=K.FISCAL_CHANGE),
        GROWTH.format(k=K.FISCAL_GROWTH),
    )),
    (r"一般公共预算财政拨款支出决算总体情况", (
        f"一般公共预算财政拨款支出<{K.GENERAL_BUDGET}>万元",
        f"占本年支出合计的<{K.GENERAL_BUDGET_SHARE}>%",
        CHANGE.format(k=K.GENERAL_BUDGET_CHANGE),
        GROWTH.format(k=K.GENERAL_BUDGET_GROWTH),
    )),
    (r"一般公共预算财政拨款支出决算具体情况", (
        f"年初预算为<{K.GENERAL_BUDGET_INITIAL}>万元",
        f"支出决算为<{K.GENERAL_BUDGET_ACTUAL}>万元",
        f"完成年初预算的<{K.GENERAL_BUDGET_COMPLETION}>%",
    )),
    (r"一般公共预算财政拨款基本支出决算情况", (
        f"基本支出(?:决算)?为?<{K.BASIC}>万元",
        f"人员经费为?<{K.BASIC_PERSONNEL}>万元",
        f"公用经费为?<{K.BASIC_PUBLIC}>万元",
    )),
    (r"“?三公”?经费支出决算总体情况", (
        f"全年预算为<{three_public(T.BUDGET)}>万元",
        f"支出决算为<{three_public(T.ACTUAL)}>万元",
        f"比全年预算<~{three_public(T.CHANGE)}:减少|增加><{three_public(T.CHANGE)}>万元",
        f"完成全年预算的<{three_public(T.COMPLETION)}>%",
    )),
    (r"机关运行经费支出情况", (
        f"机关运行经费支出为?<{K.ADMIN_COSTS}>万元",
        f"比(?:上年|\\d{{4}}年度?)(?:决算数?)?<~{K.ADMIN_COSTS_CHANGE}:减少|增加><{K.ADMIN_COSTS_CHANGE}>万元",
        f"，<~{K.ADMIN_COSTS_CHANGE_PCT}:减少|增加|增长|下降|降低><{K.ADMIN_COSTS_CHANGE_PCT}>%",
    )),
    (r"政府采购支出情况", (
        f"政府采购(?:支出总额|金额(?:[（(]以合同签订为准[）)])?为)<{K.PROCUREMENT}>万元",
        f"货物(?:支出|采购金额)<{K.PROCUREMENT_GOODS}>万元",
        f"工程(?:支出|采购金额)<{K.PROCUREMENT_WORKS}>万元",
        f"服务(?:支出|采购金额)<{K.PROCUREMENT_SERVICES}>万元",
        ("授予", f"授予中小企业合同金额<{K.PROCUREMENT_SME}>万元，占政府采购支出总额的<{K.PROCUREMENT_SME_SHARE}>%"),
        ("授予", f"授予小微企业合同金额<{K.PROCUREMENT_SMALL_MICRO}>万元，"
                 f"占政府采购支出总额的<{K.PROCUREMENT_SMALL_MICRO_SHARE}>%"),
        ("授予", f"货物采购授予中小企业合同金额占货物支出金额的<{K.PROCUREMENT_GOODS_SME_SHARE}>%"),
        ("授予", f"工程采购授予中小企业合同金额占工程支出金额的<{K.PROCUREMENT_WORKS_SME_SHARE}>%"),
        ("授予", f"服务采购授予中小企业合同金额占服务支出金额的<{K.PROCUREMENT_SERVICES_SME_SHARE}>%"),
        ("预留", f"面向中小企业预留政府采购项目预算金额<{K.PROCUREMENT_SME_RESERVED}>万元"),
        ("预留", f"面向小微企业预留政府采购项目预算金额<{K.PROCUREMENT_SMALL_MICRO_RESERVED}>万元"),
    )),
    (r"国有资产占(?:有使)?用情况", (
        f"共有车辆<{K.VEHICLES}>辆",
        f"以上设备[^；。]*?<{K.EQUIPMENT_OVER_1M}>台[（(]套[）)]",
    )),
    (r"预算绩效管理工作开展情况", (
        f"涵盖项目<{K.SELF_EVAL_PROJECTS}>个",
        f"涉及预算资金<{K.SELF_EVAL_FUNDS}>万元",
        f"占部门预算项目支出总额的<{K.SELF_EVAL_SHARE}>%",
        f"等<{K.DEPT_EVAL_PROJECTS}>个项目开展了部门评价，涉及预算资金<{K.DEPT_EVAL_FUNDS}>万元",
    )),
    (r"预算绩效管理情况", (  # Shanghai's template: one paragraph on targets, monitoring and self-evaluation
        f"编报绩效目标的\\d{{4}}年度项目<{K.TARGETS_PROJECTS}>个，涉及预算金额<{K.TARGETS_FUNDS}>万元",
        f"绩效跟踪评价的\\d{{4}}年度项目<{K.MONITORING_PROJECTS}>个，涉及预算金额<{K.MONITORING_FUNDS}>万元",
        f"绩效自评的\\d{{4}}年度项目<{K.SELF_EVAL_PROJECTS}>个，涉及预算金额<{K.SELF_EVAL_FUNDS}>万元",
        f"平均得分<{K.SELF_EVAL_AVERAGE_SCORE}>分",
        f"发现问题<{K.SELF_EVAL_PROBLEMS}>个",
    )),
    (r"市级预算项目绩效自评结果", (
        f"自评的<{K.SELF_EVAL_TOTAL}>个项目中",
        f"等<{K.SELF_EVAL_FORMS}>个项目的绩效自评表",
    )),
)  # fmt: skip

THREE_PUBLIC_ITEMS = (("出国", T3.ABROAD), ("公务用车", T3.VEHICLES), ("接待", T3.RECEPTION))
THREE_PUBLIC_COMMON = (
    f"全年预算为<{T.BUDGET}>万元",
    f"支出决算为<{T.ACTUAL}>万元",
    f"比全年预算<~{T.CHANGE}:减少|增加><{T.CHANGE}>万元",
    f"完成全年预算的<{T.COMPLETION}>%",
)
THREE_PUBLIC_EXTRA = {
    T3.ABROAD: (f"团组<{T.GROUPS}>个", f"累计<{T.PERSON_TIMES}>人次"),
    T3.VEHICLES: (
        f"购置费支出<{T.PURCHASE}>万元",
        f"购置公务用车<{T.PURCHASED}>辆",
        f"运行维护费支出<{T.OPERATION}>万元",
        f"保有量为?<{T.HELD}>辆",
    ),
    T3.RECEPTION: (
        f"国内接待费支出<{T.DOMESTIC}>万元",
        f"国内接待费支出[^；]*?接待<{T.DOMESTIC_BATCHES}>批次、<{T.DOMESTIC_PERSON_TIMES}>人次",
        f"外事接待<{T.FOREIGN_AFFAIRS_BATCHES}>批次、<{T.FOREIGN_AFFAIRS_PERSON_TIMES}>人次",
        f"国（境）外接待费支出<{T.ABROAD}>万元",
        f"国（境）外接待费支出[^；。]*?接待<{T.ABROAD_BATCHES}>批次、<{T.ABROAD_PERSON_TIMES}>人次",
    ),
}
ITEM_NAME = re.compile(r"^(.+?)[（(]类[）)](.+?)[（(]款[）)](.+?)[（(]项[）)]$")
REQUIRED_SECTIONS = (
    "收入支出决算总体情况", "收入决算情况", "支出决算情况", "财政拨款收入支出决算总体情况",
    "一般公共预算财政拨款支出决算总体情况", "一般公共预算财政拨款支出决算结构情况",
    "一般公共预算财政拨款支出决算具体情况", "一般公共预算财政拨款基本支出决算情况",
    "“三公”经费支出决算总体情况", "“三公”经费支出决算具体情况",
)  # fmt: skip


def extract_facts(ctx: ReadContext, sections: list[NarrativeSection]) -> list[Fact]:
    """Named facts from the 情况说明 sections, found by title and template wording."""
    explained = [s for s in sections if "说明" in s.part and "目录" not in s.part]
    if not explained:
        return []
    facts = Facts(ctx)
    for title_rx, templates in SECTION_RULES:
        sec = _find(explained, title_rx)
        if sec is None:
            if _plain(title_rx) in REQUIRED_SECTIONS:
                ctx.report("narrative-section-missing", explained[0].source, subject=_plain(title_rx))
            continue
        if _states_none(sec):
            continue  # "本年度无“三公”经费财政拨款支出": the section has no numbers to read
        for template in templates:
            if isinstance(template, tuple):  # (marker word, template): a wording that uses that word
                marker, template = template
                if marker not in sec.text:
                    continue
            facts.apply(sec, template)
    _shares(facts, _find(explained, r"收入决算情况"), F.income, "收入", F.INCOME_WORDS)
    _shares(facts, _find(explained, r"支出决算情况"), F.expenditure, "支出", F.EXPENDITURE_WORDS)
    _classes(facts, _find(explained, r"一般公共预算财政拨款支出决算结构情况"))
    _budget_items(facts, explained, _find(explained, r"一般公共预算财政拨款支出决算具体情况"))
    _three_public_items(facts, explained, _find(explained, r"“?三公”?经费支出决算具体情况"))
    _performance_grades(facts, _find(explained, r"预算绩效管理情况"))
    _vehicles(facts, _find(explained, r"国有资产占(?:有使)?用情况"))
    _self_evaluations(facts, explained, _find(explained, r"市级预算项目绩效自评结果"))
    _evaluated_project(facts, _find(explained, r"部门评价结果"), F.Evaluated.DEPARTMENT)
    _evaluated_project(facts, _find(explained, r"财政评价结果"), F.Evaluated.FINANCE)
    return facts.out


def _plain(title_rx: str) -> str:
    return title_rx.replace("?", "")


def _find(sections: list[NarrativeSection], title_rx: str) -> NarrativeSection | None:
    """The first section whose title is ``title_rx``; Shanghai's template adds ``说明`` to the
    titles (``收入支出决算总体情况说明``) and has one 三公 section without 总体/具体."""
    rx = re.compile(title_rx)
    found = next((s for s in sections if _title_matches(rx, s.title.strip())), None)
    if found is None and title_rx in THREE_PUBLIC_WHOLE:
        rx = re.compile(r"(?:财政拨款)?“?三公”?经费支出决算情况")
        found = next((s for s in sections if _title_matches(rx, s.title.strip())), None)
    return found


def _title_matches(rx: re.Pattern[str], title: str) -> bool:
    return bool(rx.fullmatch(title) or (title.endswith("说明") and rx.fullmatch(title[:-2])))


THREE_PUBLIC_WHOLE = (r"“?三公”?经费支出决算总体情况", r"“?三公”?经费支出决算具体情况")
NONE_STATED = re.compile(r"(?:无|没有)[^。，；\d]{0,30}(?:支出|收入)。?$")


def _states_none(sec: NarrativeSection) -> bool:
    """A section whose whole text says there was none (``…2024年度无“三公”经费财政拨款支出。``)."""
    text = sec.text.strip()
    return len(text) <= 80 and bool(NONE_STATED.search(text))


def _children(sections: list[NarrativeSection], parent: NarrativeSection) -> list[NarrativeSection]:
    n = len(parent.path)
    return [s for s in sections if len(s.path) > n and s.path[:n] == parent.path and s.part == parent.part]


def _shares(
    facts: Facts, sec: NarrativeSection | None, key: Callable[[str], str], suffix: str, names: Mapping[str, str]
) -> None:
    """``财政拨款收入91,455.09万元，占95.23%`` → income.fiscal, income.fiscal.share."""
    if sec is None:
        return
    rx, _ = compile_template(f"<~name:[^，；：。、]+?{suffix}><amount>万元，占<share>%")
    found = False
    for m in rx.finditer(sec.text):
        name = m.group("g0")
        amount = key(names.get(name, name))
        found = True
        facts.out.append(fact_at(facts.ctx, sec, amount, m.start("g1"), m.group("g1"), None, name, ()))
        facts.out.append(fact_at(facts.ctx, sec, F.share(amount), m.start("g2"), m.group("g2"), None, name, ()))
    if not found:
        facts.unmatched(sec, key("*"), f"……{suffix}…万元，占…%")


def _classes(facts: Facts, sec: NarrativeSection | None) -> None:
    """``一般公共服务（类）支出380.16万元，占0.42%`` → general_budget.class.1.amount / .share."""
    if sec is None:
        return
    rx, _ = compile_template("<~name:[^，；：。、]+?>[（(]类[）)](?:支出)? ?<amount> ?万元，占<share>%")
    found = 0
    for m in rx.finditer(sec.text):
        found += 1
        name = m.group("g0")
        amount, share = F.budget_class(found, F.ClassPart.AMOUNT), F.budget_class(found, F.ClassPart.SHARE)
        facts.out.append(fact_at(facts.ctx, sec, amount, m.start("g1"), m.group("g1"), None, name, ()))
        facts.out.append(fact_at(facts.ctx, sec, share, m.start("g2"), m.group("g2"), None, name, ()))
    if not found:
        facts.unmatched(sec, f"{F.CLASS}.*", "……（类）支出…万元，占…%")


def _budget_items(facts: Facts, sections: list[NarrativeSection], sec: NarrativeSection | None) -> None:
    """Each ``N. 类（类）款（款）项（项）。年初预算为…`` paragraph."""
    if sec is None:
        return
    for item in _children(sections, sec):
        if not (item.ordinal or "").isdigit():
            continue
        m = ITEM_NAME.match(item.title)
        classification = tuple(g.strip() for g in m.groups()) if m else ()
        prefix = F.budget_item(item.ordinal or "")
        apply = partial(facts.apply, item, subject=item.title, classification=classification)
        if "年初预算" not in item.text and "全年预算为" in item.text:  # Shanghai: the full-year budget only
            apply(f"全年预算为<{I.FULL_YEAR_BUDGET}>万元", prefix)
            apply(f"支出决算为<{I.ACTUAL}>万元", prefix)
            apply(f"完成全年预算数?的<{I.COMPLETION}>%", prefix, optional=True)
            continue
        apply(f"年初预算为<{I.INITIAL}>万元", prefix)
        apply(f"支出决算为<{I.ACTUAL}>万元", prefix)
        apply(f"完成年初预算的<{I.COMPLETION}>%", prefix, optional=True)


def _three_public_items(facts: Facts, sections: list[NarrativeSection], sec: NarrativeSection | None) -> None:
    if sec is None or _states_none(sec):
        return
    seen = set()
    for item in _children(sections, sec):
        slug = next((s for word, s in THREE_PUBLIC_ITEMS if word in item.title), None)
        if slug is None or slug in seen:
            continue
        seen.add(slug)
        for template in (*THREE_PUBLIC_COMMON, *THREE_PUBLIC_EXTRA[slug]):
            facts.apply(item, template, three_public(item=slug), subject=item.title)
    for word, slug in THREE_PUBLIC_ITEMS:
        if slug not in seen:
            facts.unmatched(sec, three_public("*", slug), word)


def _vehicles(facts: Facts, sec: NarrativeSection | None) -> None:
    """``机要通信用车6辆`` … → assets.vehicles.confidential …"""
    if sec is None:
        return
    rx, _ = compile_template("<~name:[^，、；：。]+?用车><count>辆")
    found = False
    for m in rx.finditer(sec.text):
        name = m.group("g0")
        kind = next((k for word, k in F.VEHICLE_WORDS.items() if name.endswith(word)), name)
        found = True
        facts.out.append(fact_at(facts.ctx, sec, F.vehicles(kind), m.start("g1"), m.group("g1"), None, name, ()))
    if not found:
        facts.unmatched(sec, F.vehicles("*"), "……用车…辆")


def _self_evaluations(facts: Facts, sections: list[NarrativeSection], sec: NarrativeSection | None) -> None:
    """Grade counts and the per-project summaries (``N. X项目绩效自评综述：…``)."""
    if sec is None:
        return
    rx, _ = compile_template(f"<count>个项目自评等级为<~grade:{GRADE_WORDS}>")
    found = False
    for m in rx.finditer(sec.text):
        grade = m.group("g1")
        found = True
        facts.out.append(fact_at(facts.ctx, sec, F.grade_count(grade), m.start("g0"), m.group("g0"), grade, None, ()))
    if not found:
        facts.unmatched(sec, F.grade_count("*"), "…个项目自评等级为…")
    listed = _listed_projects(sec.text)
    for item in _children(sections, sec):
        if not (item.ordinal or "").isdigit() or "自评综述" not in item.title:
            continue
        name = _project_name(item.title, listed)
        prefix = F.project(item.ordinal or "")
        facts.apply(item, f"自评得分为“?<{P.SCORE}>”?分", prefix, subject=name)
        facts.apply(item, f"预算数?为<{P.BUDGET}>万元", prefix, subject=name)
        facts.apply(item, f"执行数为<{P.EXECUTED}>万元", prefix, subject=name)
        facts.apply(item, f"完成预算的<{P.EXECUTION_PCT}>%", prefix, subject=name)


def _performance_grades(facts: Facts, sec: NarrativeSection | None) -> None:
    """Shanghai's wording: ``绩效评级为“优”的项目1个`` → performance.grade.excellent = 1."""
    if sec is None:
        return
    rx, _ = compile_template(f"绩效评级为“<~grade:{GRADE_WORDS}>”的项目<count>个")
    for m in rx.finditer(sec.text):
        grade = m.group("g0")
        facts.out.append(fact_at(facts.ctx, sec, F.grade_count(grade), m.start("g1"), m.group("g1"), grade, None, ()))


def _listed_projects(text: str) -> set[str]:
    m = re.search(r"“([^”]+)”等\d+个项目的绩效自评表", text)
    return {p.strip() for p in re.split(r"[、，,]", m.group(1))} if m else set()


def _project_name(title: str, listed: set[str]) -> str:
    """``X项目绩效自评综述`` → X; the list of published forms settles whether 项目 is part
    of the name (``市司法局指挥中心建设项目``) or the template's connector."""
    name = re.sub(r"绩效自评综述$", "", title).strip()
    short = re.sub(r"项目$", "", name).strip()
    if name in listed or not short:
        return name
    return short


def _evaluated_project(facts: Facts, sec: NarrativeSection | None, which: F.Evaluated) -> None:
    """The project an evaluation result names (``“法律援助及12348业务费”项目``), its score
    and grade."""
    if sec is None:
        return
    m = re.search(r"“([^”]+)”项目", sec.text)
    name = None
    if m:
        name = m.group(1)
        source = word_source(facts.ctx, sec, m.start(1), name)
        key = F.evaluation(which, E.PROJECT)
        facts.out.append(Fact(key, None, None, name, source, "项目", name, (), name))
    else:
        facts.unmatched(sec, F.evaluation(which, E.PROJECT), "“…”项目")
    facts.apply(sec, f"得分为“?<{E.SCORE}>”?分", F.evaluation(which), subject=name)
    facts.apply(sec, f"等级为“?<~{E.GRADE}:{GRADE_WORDS}>", F.evaluation(which), subject=name)
