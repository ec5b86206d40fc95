"""A read document: what kind it is, its content, what could not be placed, its findings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.accounts import Fact, NarrativeSection, Table
from jixiao.model.budget import BudgetDisclosure
from jixiao.model.department import DepartmentTargets
from jixiao.model.evaluation import Evaluation
from jixiao.model.finding import Finding
from jixiao.model.goals import Department, GoalTables
from jixiao.model.ocr import OcrTrace
from jixiao.model.selfeval import SelfEvaluation, SelfEvaluationForms, SelfEvaluationSummary
from jixiao.model.source import Source
from jixiao.model.statement import Statement


@dataclass(frozen=True, slots=True)
class RawText:
    """A line kept as written because no reader could place it."""

    text: str
    source: Source


@dataclass(frozen=True, slots=True)
class FinalAccounts:
    department: Department | None
    year: int | None
    title: str | None
    money_unit: str | None
    tables: tuple[Table, ...]
    sections: tuple[NarrativeSection, ...]  # 部门概况, 情况说明, 名词解释 … in order
    facts: tuple[Fact, ...]
    self_evaluation_summary: SelfEvaluationSummary | None
    self_evaluations: tuple[SelfEvaluation, ...]
    evaluations: tuple[Evaluation, ...]
    source: Source


Body = GoalTables | FinalAccounts | SelfEvaluationForms | BudgetDisclosure | Statement | DepartmentTargets


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a document made of several (:mod:`jixiao.ingest.parts`): its kind, where it
    stands (from the column its heading starts at to its last line), and who read it.

    ``read_by`` is the part's own kind when its own reader read it (``body`` holds what it read),
    else the document's kind: the part's content is in the document's body (a 决算's forms, the
    score tables of a 得分表 excerpt) and ``body`` is None."""

    kind: str
    title: str | None  # the heading that opens the part (None for a part with no heading)
    first_line: int
    first_column: int
    last_line: int
    read_by: str
    body: Body | None = None
    evidence: tuple[str, ...] = ()
    confidence: Decimal = Decimal(0)  # how surely the part is of its kind (0 … 1, two decimals)


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    kind: str  # a registered kind (jixiao.ingest.registry): "goal_tables", "final_accounts", "budget", … or "unknown"
    encoding: str | None
    line_count: int
    goals: GoalTables | None
    accounts: FinalAccounts | None
    unplaced: tuple[RawText, ...]
    findings: tuple[Finding, ...]
    placed: frozenset[int] = frozenset()  # line numbers whose content went into the model
    forms: SelfEvaluationForms | None = None  # forms read on their own: self-evaluations, score tables
    budget: BudgetDisclosure | None = None  # a 部门预算 / 单位预算 disclosure
    statement: Statement | None = None  # a statement in prose (三公经费说明, 自评报告, 监控报告)
    parts: tuple[Part, ...] = ()  # the parts the text is made of, in order (one for a simple document)
    department_targets: DepartmentTargets | None = None  # a 部门整体支出绩效目标表 read on its own
    ocr: OcrTrace | None = None  # scanned pages read by OCR: their doubtful digits, for the checks
    furniture: tuple[tuple[int, str], ...] = ()  # (page, text) of running page numbers kept out of the text (PDF)

    def all_bodies(self) -> tuple[Body, ...]:
        """What the document's reader read, then what each part read by its own reader read."""
        own = (self.goals, self.accounts, self.forms, self.budget, self.statement, self.department_targets)
        return tuple(b for b in own if b is not None) + tuple(p.body for p in self.parts if p.body is not None)

    @property
    def title(self) -> str | None:
        body = self.goals or self.accounts or self.budget or self.forms or self.statement or self.department_targets
        return body.title if body else None

    @property
    def department(self) -> Department | None:
        if self.department_targets is not None and not (self.goals or self.accounts or self.budget or self.forms):
            return Department(self.department_targets.department) if self.department_targets.department else None
        body = self.goals or self.accounts or self.budget
        if body is None and self.forms is not None and self.forms.department:
            return Department(self.forms.department)
        if body is None and self.forms is None and self.statement is not None and self.statement.body:
            return Department(self.statement.body)
        return body.department if body else None

    @property
    def year(self) -> int | None:
        body = self.goals or self.accounts or self.budget or self.forms or self.statement or self.department_targets
        return body.year if body else None

    @property
    def read_by_ocr(self) -> bool:
        """Some pages were scans, read by OCR (``document-read-by-ocr``): its numbers need checking
        against the original, and every report made from it says so."""
        return any(f.code == "document-read-by-ocr" for f in self.findings)

    def source_name(self) -> str:
        """The document as a report names its source: its path, and that it was read by OCR."""
        return f"{self.path}（扫描件，内容经OCR识别，数字请与原件核对）" if self.read_by_ocr else self.path

    @property
    def readable(self) -> bool:
        """False when the file could not be read at all (CLI exit status 2)."""
        return not any(f.code in UNREADABLE for f in self.findings)


UNREADABLE = frozenset({"file-unreadable", "file-empty", "file-binary"})
