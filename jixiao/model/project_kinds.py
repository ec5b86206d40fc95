"""Project kinds (项目类别) learned from the projects in the 指标库, and the kind of a new project.

No list of kinds is written anywhere: the kinds are groups of the stored projects, linked when they
are alike by what the documents print about them —

- the **name**, as character pairs weighted by how rare each pair is among the stored names
  (``援助`` says much, ``经费`` or ``项目`` little; a year, a running code and punctuation say
  nothing): the weight of the pairs two names share over the weight of the shorter name's pairs;
- the **indicators**: the share of their 三级 indicators in common;
- the **function classification subject** (功能分类科目, e.g. ``20406`` 司法) where the document
  prints one: the same 项 or 款 links, a different 类 separates;
- the **unit**: projects of one unit are a little more alike.

A project joins the kind of the stored project it is most alike (:func:`classify`); the kinds are
the groups of projects linked at :data:`LINK` or more (:func:`learn_kinds`), named by the run of
characters their names share that weighs most (``法律援助``).

    kinds = learn_kinds(profiles)
    classify(Profile("", "2023年法律援助经费"), kinds)   # the kind of 法律援助及12348业务费
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jixiao.model.indicator_library import Appearance, Results, entry_key, project_label
from jixiao.model.names import normalise_name, project_key

LINK = 0.5  # projects this alike are of one kind
UNIT_BONUS = 0.1  # the same unit
CODE_WEIGHT = 0.5  # how much the function subject counts beside the name
YEAR = re.compile(r"(?:19|20)\d{2}(?:年度|年)?")
RUNNING_CODE = re.compile(r"[0-9A-Za-z]{8,}[-－—]?")  # a project code printed in the name (51092324T000010263357-)
SEPARATORS = re.compile(r"[^\w]|_|[及和与]")  # punctuation, dashes and conjunctions split a name into parts
DIGITS = re.compile(r"(\d+)")
FUNCTION_CODE = re.compile(r"功能(?:分类)?科目[^0-9]{0,12}?(2\d{2}(?:\d{2}){0,2})(?!\d)")


def function_code(text: str | None) -> str:
    """The 功能分类科目 code printed in ``text`` (``功能分类科目列“213.农林水支出”`` → ``213``), else ""."""
    found = FUNCTION_CODE.search(normalise_name(text))
    return found.group(1) if found else ""


def name_parts(name: str) -> tuple[str, ...]:
    """The parts of a name that say what the project is: no year, running code, punctuation or
    conjunction (及 / 和 / 与), each part without the endings that vary (``project_key``: 经费, 业务费 …)."""
    text = RUNNING_CODE.sub(" ", YEAR.sub(" ", normalise_name(name)))
    parts = (project_key(p) for p in SEPARATORS.split(text) if p)
    return tuple(p for p in parts if p)


@functools.lru_cache(maxsize=4096)
def pairs(name: str) -> frozenset[str]:
    """The character pairs of a name's parts; a run of digits (``12348``) counts as one, a
    one-character part as itself."""
    out: set[str] = set()
    for part in name_parts(name):
        for run in DIGITS.split(part):
            if run.isdigit():
                out.add(run)
            elif run:
                out.update(run[i:i + 2] for i in range(max(len(run) - 1, 1)))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Profile:
    """A project as the kinds see it: its label in the library (``unit 名称``), name, unit identity,
    function subject code ("" when not printed) and the keys of its indicators."""

    label: str
    name: str
    unit: str = ""
    code: str = ""
    indicators: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Kind:
    name: str  # the run of characters the members' names share that weighs most, else the first name
    members: tuple[str, ...]  # profile labels, sorted


@dataclass(frozen=True, slots=True)
class Kinds:
    """The learned kinds and what classifying needs: the profiles, each one's kind, the pair weights."""

    kinds: tuple[Kind, ...]
    profiles: tuple[Profile, ...]
    kind_of: Mapping[str, int] = field(default_factory=dict)  # profile label → index in kinds
    weights: Mapping[str, float] = field(default_factory=dict)  # character pair → weight (rare weighs more)

    def weight(self, pair: str) -> float:
        return self.weights.get(pair, self.unseen)

    @property
    def unseen(self) -> float:
        """The weight of a pair no stored name has: as rare as can be."""
        return math.log(len(self.profiles) + 1) + 1


def profiles(appearances: Iterable[Appearance | Results]) -> list[Profile]:
    """One profile per project of the tables and forms (``project_label``): its name, unit, the
    function subject printed for it and the keys of its indicators in every table and form, by label."""
    out: dict[str, Profile] = {}
    for seen in appearances:
        if isinstance(seen, Appearance):
            name, code = seen.project.name, seen.code
            keys = {entry_key(i.level1, i.level2, i.name) for i in seen.project.indicators if i.name.strip()}
        else:
            name, code = seen.project, ""
            keys = {entry_key(o.level1, o.level2, o.name) for o in seen.outcomes if o.name.strip()}
        label = project_label(seen.unit, name)
        if not normalise_name(name):
            continue
        old = out.get(label)
        if old is not None:
            name, code, keys = old.name, old.code or code, keys | old.indicators
        out[label] = Profile(label, normalise_name(name), seen.unit, code, frozenset(keys))
    return [out[k] for k in sorted(out)]


def pair_weights(profiles: Iterable[Profile]) -> dict[str, float]:
    """Inverse document frequency of each character pair over the names: log((n+1)/(df+1)) + 1."""
    names = [pairs(p.name) for p in profiles]
    df: Counter[str] = Counter(g for ps in names for g in ps)
    n = len(names)
    return {g: math.log((n + 1) / (k + 1)) + 1 for g, k in df.items()}


def _name_alike(a: frozenset[str], b: frozenset[str], weight: Mapping[str, float], unseen: float) -> float:
    if not a or not b:
        return 0.0
    wa = sum(weight.get(g, unseen) for g in a)
    wb = sum(weight.get(g, unseen) for g in b)
    shared = sum(weight.get(g, unseen) for g in a & b)
    return shared / min(wa, wb)


def _code_alike(a: str, b: str) -> float | None:
    """1 for the same 项 / 款, 0.5 for the same 类 only, 0 for another 类; None when either is unknown."""
    if not a or not b:
        return None
    if a[:5] == b[:5] and len(a) >= 5 and len(b) >= 5:
        return 1.0
    return 0.5 if a[:3] == b[:3] else 0.0


def alike(p: Profile, q: Profile, weight: Mapping[str, float], unseen: float) -> float:
    """How alike two projects are, 0 … about 1: the name and the indicators (the larger says it), the
    function subject beside them when both print one, a little more for the same unit."""
    score = _name_alike(pairs(p.name), pairs(q.name), weight, unseen)
    if p.indicators and q.indicators:
        score = max(score, len(p.indicators & q.indicators) / len(p.indicators | q.indicators))
    code = _code_alike(p.code, q.code)
    if code is not None:
        score = (score + CODE_WEIGHT * code) / (1 + CODE_WEIGHT)
    if p.unit and p.unit == q.unit:
        score += UNIT_BONUS
    return score


def _kind_name(members: list[Profile]) -> str:
    """The longest run of characters every member's name parts share (two or more), else the first name."""
    names = ["".join(name_parts(p.name)) for p in members]
    first = min(names, key=len) if names else ""
    for size in range(len(first), 1, -1):
        for i in range(len(first) - size + 1):
            run = first[i:i + size]
            if all(run in n for n in names):
                return run
    return sorted(names)[0] if names else ""


def learn_kinds(profiles: Iterable[Profile]) -> Kinds:
    """The kinds of ``profiles``: groups of projects linked when :func:`alike` is :data:`LINK` or more
    (a project joins a group when it is that alike to any member). Deterministic: the same profiles
    in any order give the same kinds."""
    unique = {p.label: p for p in sorted(profiles, key=lambda p: p.label)}
    ps = list(unique.values())
    weights = pair_weights(ps)
    unseen = math.log(len(ps) + 1) + 1
    parent = list(range(len(ps)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # only projects sharing a name pair or an indicator can be LINK alike (a function subject and a
    # unit alone reach (0 + CODE_WEIGHT) / (1 + CODE_WEIGHT) + UNIT_BONUS < LINK): compare those
    postings: dict[str, list[int]] = {}
    for i, p in enumerate(ps):
        for token in (*pairs(p.name), *(f"指标|{k}" for k in p.indicators)):
            postings.setdefault(token, []).append(i)
    for i, p in enumerate(ps):
        near = {j for token in (*pairs(p.name), *(f"指标|{k}" for k in p.indicators)) for j in postings[token] if j > i}
        for j in sorted(near):
            if alike(p, ps[j], weights, unseen) >= LINK:
                a, b = root(i), root(j)
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Profile]] = {}
    for i, p in enumerate(ps):
        groups.setdefault(root(i), []).append(p)
    kinds = tuple(Kind(_kind_name(g), tuple(p.label for p in g)) for _, g in sorted(groups.items()))
    kind_of = {label: k for k, kind in enumerate(kinds) for label in kind.members}
    return Kinds(kinds, tuple(ps), kind_of, weights)


def ranked(profile: Profile, kinds: Kinds) -> list[tuple[float, Kind]]:
    """Each kind with how alike ``profile`` is to its most alike member, most alike first."""
    best: dict[int, float] = {}
    for p in kinds.profiles:
        k = kinds.kind_of[p.label]
        best[k] = max(best.get(k, 0.0), alike(profile, p, kinds.weights, kinds.unseen))
    return sorted(((s, kinds.kinds[k]) for k, s in best.items()), key=lambda sk: (-sk[0], sk[1].members))


def classify(profile: Profile, kinds: Kinds) -> Kind | None:
    """The kind of ``profile``: that of the stored project it is most alike, when :data:`LINK` or
    more alike; None when it is like none of them."""
    top = ranked(profile, kinds)
    return top[0][1] if top and top[0][0] >= LINK else None
