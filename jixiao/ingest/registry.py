"""What jixiao can read, in one registry: file formats, and kinds of document.

A file is read in two steps, each chosen from this registry.

1. **Format** (:class:`Format`): the container — a text file, a PDF, an Excel workbook.
   A format claims a file by its suffix or by its first bytes (``magic``); the formats are
   asked in the order they were registered, so the first that claims a file reads it. A
   format turns the file into lines of text (tab-separated cells, a page per line for a
   PDF) and hands them on to step 2, or, for a workbook, reads its sheets itself.
2. **Kind** (:class:`DocumentKind`): what the document is — 绩效目标表, 部门决算 … A kind
   declares the *evidence* of itself (words of its titles, header rows, column sets) as a
   function ``evidence(text) -> Detection`` with a confidence between 0 and 1, the evidence
   found and the evidence missing. :func:`detect` asks every kind and keeps the most
   confident one if it is sure enough (its ``threshold``), else ``unknown``; the
   :class:`Recognition` it returns keeps every candidate with its evidence, so that the
   caller can say why a kind was chosen, or which kind came closest and what it lacked.

Kinds register with the :func:`document_kind` decorator on their read function, in the
module of their reader; :func:`kinds` imports the built-in reader modules (listed in
:data:`BUILTIN_KINDS`, in order of precedence) the first time it is asked. Equal
confidences go to the kind registered first.

Evidence made of clues: most kinds are recognised by what they print, each printed word or
header being one independent clue with a weight (how surely it points at the kind on its
own). :func:`clues` builds the evidence function from them; the confidence is the chance
that at least one clue is right (``1 - Π(1 - weight)``), so two clues of weight 0.5 give
0.75. A kind can also write its own evidence function (a table's header row, a column set).

A document made of several parts (a 决算 with forms inside, an excerpt with a table and a
paragraph) is detected part by part through the same :func:`detect`, given the lines of each
part (:mod:`jixiao.ingest.parts`); a kind declared a ``book`` (部门决算, 部门预算) reads the parts
it holds itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from jixiao.ingest.context import ReadContext
    from jixiao.ingest.text import Line
    from jixiao.model.document import Document

UNKNOWN = "unknown"
SAMPLE_LINES = 4000  # evidence is looked for in the first lines of a document

# -- formats ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Format:
    """A container format: which files it claims, and how it reads their bytes."""

    name: str  # "text", "pdf", "xlsx"
    suffixes: tuple[str, ...]  # lower case, with the dot
    magic: Callable[[bytes], bool] | None  # a test of the first bytes of the file
    read: Callable[[bytes, str], Document]  # (data, path) → the document

    def claims(self, path: str | Path, head: bytes) -> bool:
        if Path(path).suffix.lower() in self.suffixes:
            return True
        return self.magic is not None and self.magic(head)


_FORMATS: list[Format] = []
# the modules that register the built-in formats, in order of precedence (text, the last resort, last)
BUILTIN_FORMATS = ("jixiao.ingest.xlsx", "jixiao.ingest.pdf", "jixiao.ingest")


def register_format(fmt: Format) -> Format:
    if any(f.name == fmt.name for f in _FORMATS):
        raise ValueError(f"format {fmt.name!r} registered twice")
    _FORMATS.append(fmt)
    return fmt


def formats() -> tuple[Format, ...]:
    """Every registered format, in order of precedence (the built-in ones loaded first)."""
    return _in_order(lambda: _FORMATS, BUILTIN_FORMATS, lambda f: f.read.__module__)


def format_for(path: str | Path, head: bytes = b"") -> Format:
    """The first format that claims the file (the last built-in one, text, takes any bytes)."""
    for fmt in formats():
        if fmt.claims(path, head):
            return fmt
    raise LookupError(f"no format reads {path}")  # only if the text format was never registered


# -- kinds --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Detection:
    """How surely a text is of one kind, and why: the evidence found and the evidence missing
    (each as shown to a reader, e.g. ``“绩效目标表”``)."""

    confidence: float  # 0 … 1
    evidence: tuple[str, ...]
    missing: tuple[str, ...]


class Candidate(NamedTuple):
    kind: str
    detection: Detection


@dataclass(frozen=True, slots=True)
class Recognition:
    """The result of :func:`detect`: the kind chosen (``unknown`` when no kind is sure enough)
    and every candidate, most confident first — the first is the closest even when unknown."""

    kind: str
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def detection(self) -> Detection | None:
        """The chosen kind's detection (None when unknown)."""
        best = self.best
        return best.detection if best is not None and best.kind == self.kind else None


Body = Any  # what a kind's reader returns: GoalTables, FinalAccounts … or None


@dataclass(frozen=True, slots=True)
class DocumentKind:
    name: str  # "goal_tables", "final_accounts"
    title: str  # Chinese, for messages: "绩效目标表"
    evidence: Callable[[str], Detection]
    read: Callable[[ReadContext], Body]
    threshold: float = 0.75  # the least confidence at which a text is taken to be of this kind
    book: bool = False  # a book of parts (部门决算, 部门预算) whose reader reads the forms and sections it holds
    in_books: bool = False  # a part of this kind is read by this kind's reader even inside a book (no book reads it)


_KINDS: dict[str, DocumentKind] = {}
# the modules that register the built-in kinds, in order of precedence
BUILTIN_KINDS = (
    "jixiao.ingest.goal_tables", "jixiao.ingest.final_accounts", "jixiao.ingest.self_forms", "jixiao.ingest.budget",
    "jixiao.ingest.department_targets", "jixiao.ingest.admin_paragraphs", "jixiao.ingest.prose_kinds",
)  # fmt: skip


def document_kind(
    name: str,
    title: str,
    evidence: Callable[[str], Detection],
    *,
    threshold: float = 0.75,
    book: bool = False,
    in_books: bool = False,
) -> Callable[[Callable[[ReadContext], Body]], Callable[[ReadContext], Body]]:
    """Register the decorated read function as the reader of documents of kind ``name``."""

    def register(read: Callable[[ReadContext], Body]) -> Callable[[ReadContext], Body]:
        if name in _KINDS or name == UNKNOWN:
            raise ValueError(f"document kind {name!r} registered twice")
        _KINDS[name] = DocumentKind(name, title, evidence, read, threshold, book, in_books)
        return read

    return register


def kinds() -> tuple[DocumentKind, ...]:
    """Every registered kind, in order of precedence (the built-in ones loaded first)."""
    return _in_order(_KINDS.values, BUILTIN_KINDS, lambda k: k.read.__module__)


def find_kind(name: str) -> DocumentKind:
    return next(k for k in kinds() if k.name == name)


def sample(lines: Iterable[Line], limit: int = SAMPLE_LINES) -> str:
    """The text in which evidence is looked for: the first ``limit`` lines as written."""
    out = []
    for n, line in enumerate(lines):
        if n >= limit:
            break
        out.append(line.raw)
    return "\n".join(out)


def detect(lines: list[Line]) -> Recognition:
    """Ask every kind for its evidence in the lines; the most confident kind that reaches its
    threshold wins (equal confidences: the kind registered first)."""
    text = sample(lines)
    recognition = _recognise(text)
    if recognition.kind == UNKNOWN:  # a page converted to Traditional by a mirror: look again in Simplified
        from jixiao.ingest.hanzi import simplified_characters

        converted = simplified_characters(text)
        if converted != text:
            again = _recognise(converted)
            if again.kind != UNKNOWN:
                note = "（繁体字，按简体比对）"
                marked = tuple(
                    Candidate(c.kind, replace(c.detection, evidence=(*c.detection.evidence, note)))
                    for c in again.candidates
                )
                return Recognition(again.kind, marked)
    return recognition


def _recognise(text: str) -> Recognition:
    found = [Candidate(k.name, k.evidence(text)) for k in kinds()]
    ranked = tuple(sorted(found, key=lambda c: -c.detection.confidence))  # stable: ties keep their order
    # the most confident kind that reaches its own threshold (a kind ranked first but short of its
    # threshold does not hide a lower-ranked kind that reaches a lower one)
    passing = (c for c in ranked if c.detection.confidence >= find_kind(c.kind).threshold)
    chosen = next(passing, None)
    return Recognition(chosen.kind if chosen is not None else UNKNOWN, ranked)


def _in_order(entries: Callable[[], Iterable[Any]], builtin: tuple[str, ...], module_of: Callable[[Any], str]) -> tuple:
    """Import the built-in modules (they register on import), then order the entries: built-in
    ones by the module list whoever imported them first, then the others as registered."""
    for module in builtin:
        importlib.import_module(module)
    rank = {m: n for n, m in enumerate(builtin)}
    ordered = sorted(enumerate(entries()), key=lambda p: (rank.get(module_of(p[1]), len(builtin)), p[0]))
    return tuple(item for _, item in ordered)


# -- evidence from clues ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of evidence: what it is (as shown to a reader), how surely it points at the
    kind on its own, and the test on the text."""

    label: str
    weight: float  # 0 … 1
    test: Callable[[str], bool]


def word(text: str, weight: float = 0.5) -> Clue:
    """A word or phrase printed anywhere in the document (a title, a label, a header)."""
    return Clue(f"“{text}”", weight, lambda sample: text in sample)


def clues(*items: Clue) -> Callable[[str], Detection]:
    """The evidence function of a kind recognised by independent clues."""

    def evidence(text: str) -> Detection:
        doubt = 1.0
        found, missing = [], []
        for clue in items:
            if clue.test(text):
                doubt *= 1.0 - clue.weight
                found.append(clue.label)
            else:
                missing.append(clue.label)
        return Detection(1.0 - doubt, tuple(found), tuple(missing))

    return evidence
