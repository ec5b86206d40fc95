"""The problems an evaluation report states and the measures it asks for (整改 and 结果应用).

A report's problems section (``三、存在问题``, ``六、问题和建议``, ``六、存在的问题及原因分析``) lists
problems under category headings (``（一）决策类`` → ``1. 绩效目标类`` → ``（1）绩效指标不够明确合理``)
with an explanation under each; a section without sub-headings states each problem as a paragraph.
The measures section (``四、相关建议``, ``七、改进措施（结果应用）``) is read the same way.

A finance report prints the problems twice (titles only in the 摘要, with explanations in the body):
they are one problem each, with the body's explanation and location. A measure is linked to the
problems it shares a word of two characters with (``优化绩效目标管理`` ↔ ``绩效目标类``), leaving out
words every section uses (管理, 绩效, 方面 …): a hint for whoever assigns the rectification, no more.
"""

from __future__ import annotations

import re

from jixiao.ingest.evaluation.text import bare_heading, squeeze
from jixiao.model.evaluation import Evaluation, Paragraph
from jixiao.model.rectification import EvaluationProblems, Measure, ProblemItem

_PROBLEMS = re.compile(r"^(?:存在的?(?:主要)?问题|主要问题|问题(?:和|及|与)建议)")
_MEASURES = re.compile(r"^(?:相关建议|有关建议|意见和建议|整改建议|改进措施|改进建议|建议)")
_NOTHING = re.compile(r"^[无無]\s*[。.]?$")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
COMMON_WORDS = frozenset({"管理", "绩效", "项目", "方面", "不够", "问题", "情况", "工作", "进一步"})

Node = tuple[str, tuple[str, ...]]  # (section heading, headings below it)


def evaluation_problems(ev: Evaluation) -> EvaluationProblems:
    """The problems and measures of ``ev``, in the report's order (see the module's docstring)."""
    problems = [_problem(n, texts, first, loose) for n, texts, first, loose in _leaves(ev.paragraphs, _PROBLEMS)]
    measures = [Measure("" if loose else bare_heading(n[1][-1]), n[1][-1] if loose else "".join(texts),
                        squeeze(n[0]), first.source)
                for n, texts, first, loose in _leaves(ev.paragraphs, _MEASURES)]
    measures = [x for x in _merge(measures, lambda x: x.title or x.text, lambda x: bool(x.text))
                if x.text and not _NOTHING.match(x.text)]
    problems = _merge(problems, lambda x: x.title, lambda x: bool(x.detail))
    linked = tuple(
        ProblemItem(p.title, p.category, p.detail, p.section, p.source,
                    tuple(x.title for x in measures if x.title and _words(x.title) & _words(p.title, *p.category)))
        for p in problems
    )
    return EvaluationProblems(
        evaluation=ev.title, project=ev.project, unit=ev.evaluated_unit, year=ev.year, grade=ev.grade,
        problems=linked, measures=tuple(measures),
    )


def _section(path: tuple[str, ...], pattern: re.Pattern[str]) -> int | None:
    for k, heading in enumerate(path):
        bare = bare_heading(heading)
        if pattern.match(bare) and not (pattern is _MEASURES and _PROBLEMS.match(bare)):
            return k
    return None


Leaf = tuple[Node, list[str], Paragraph, bool]  # node, its paragraphs, where it starts, loose (no heading)


def _leaves(paragraphs: tuple[Paragraph, ...], pattern: re.Pattern[str]) -> list[Leaf]:
    """The deepest headings of the matching sections with the paragraphs under each; a paragraph right
    under the section is a leaf of its own (its text is the title)."""
    nodes: dict[Node, tuple[list[str], Paragraph]] = {}
    loose: list[Leaf] = []
    order: list[Node | int] = []
    for p in paragraphs:
        k = _section(p.path, pattern)
        if k is None:
            continue
        below = p.path[k + 1 :]
        if not p.heading and not below:
            text = squeeze(p.text)
            if text and not _NOTHING.match(text):
                order.append(len(loose))
                loose.append(((p.path[k], (text,)), [], p, True))
            continue
        node: Node = (p.path[k], below)
        if node not in nodes:
            nodes[node] = ([], p)
            order.append(node)
        if not p.heading:
            nodes[node][0].append(squeeze(p.text))
            if not nodes[node][0][:-1]:  # the first paragraph locates the item
                nodes[node] = (nodes[node][0], p)
    parents = {(n[0], n[1][:j]) for n in nodes for j in range(len(n[1]))}
    out = []
    for key in order:
        if isinstance(key, int):
            out.append(loose[key])
        elif key not in parents and key[1]:
            out.append((key, *nodes[key], False))
    return out


def _problem(node: Node, texts: list[str], first: Paragraph, loose: bool) -> ProblemItem:
    section, below = node
    if loose:  # a paragraph right under the section: the problem is the paragraph
        return ProblemItem(below[0], (), "", squeeze(section), first.source)
    return ProblemItem(bare_heading(below[-1]), tuple(bare_heading(h) for h in below[:-1]), "".join(texts),
                       squeeze(section), first.source)


def _merge(items, key, better) -> list:
    """One item per title: a later copy with text (the body) replaces an earlier one without (摘要)."""
    seen: dict[str, int] = {}
    out: list = []
    for item in items:
        k = squeeze(key(item))
        if k in seen:
            if better(item) and not better(out[seen[k]]):
                out[seen[k]] = item
            continue
        seen[k] = len(out)
        out.append(item)
    return out


def _words(*texts: str) -> set[str]:
    """The two-character words (pairs of Chinese characters) of ``texts``, common ones left out."""
    out: set[str] = set()
    for t in texts:
        for run in _HAN.findall(t):
            out.update(run[j : j + 2] for j in range(len(run) - 1))
    return out - COMMON_WORDS
