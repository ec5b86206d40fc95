"""``jixiao score FILE|DIR... [--json] [--scheme NAME|PATH] [--jobs N]``.

Many documents are read over ``--jobs`` processes (default: the cores; same output, same order as
``--jobs 1``), with a progress bar on standard error when it is a terminal.

Documents (.txt) are read; every self-evaluation form is scored under ``--scheme`` (default
``mof-2020-10``) and every evaluation report is scored — from its measurement file when one is
given (a ``kind: measurements`` YAML/JSON among the FILEs or in ``--measurements``, matched to
its report by title), otherwise from the report's own published rows and sections.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jixiao.cli.common import EXIT_NOT_DONE, fail, report_unreadable

if TYPE_CHECKING:
    from jixiao.rules.measurements import Measurements
    from jixiao.rules.result import ScoreResult

DATA_SUFFIXES = {".yaml", ".yml", ".json"}
KIND_ZH = {"self": "单位自评", "department": "部门评价", "finance": "财政评价"}


def score(
    files: Annotated[list[Path], typer.Argument(help="文档（.txt）和测量值文件（.yaml）", metavar="FILE...")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（见 design.md 的约定）")] = False,
    scheme: Annotated[
        str | None, typer.Option("--scheme", help="自评表使用的评分方案：名称或文件路径（默认：财预〔2020〕10号方案）")
    ] = None,
    measurements: Annotated[
        list[Path] | None, typer.Option("--measurements", help="评价报告的测量值文件（可重复）")
    ] = None,
    details: Annotated[bool, typer.Option("--details", help="文本输出中列出每一项的计算过程")] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="同时读取文件的进程数（默认：CPU 核数）")
    ] = None,
) -> None:
    from jixiao.cli.progress import expand, read_all
    from jixiao.rules.measurements import load_measurements
    from jixiao.rules.schemefile import SchemeError
    from jixiao.rules.schemes import DEFAULT_SELF_SCHEME

    scheme = scheme or DEFAULT_SELF_SCHEME
    files = expand(files)
    doc_paths = [f for f in files if f.suffix.lower() not in DATA_SUFFIXES]
    data_paths = [f for f in files if f.suffix.lower() in DATA_SUFFIXES] + list(measurements or [])
    try:
        measured = [load_measurements(p) for p in data_paths]
        docs = read_all(doc_paths, jobs, "读取并评分")
        results: list[ScoreResult] = []
        nothing: list[str] = []
        for doc in docs:
            found = _score_document(doc, scheme, measured)
            if not found and doc.readable:
                nothing.append(f"“{doc.path}”（识别为{_kind_zh(doc.kind)}）中没有可评分的绩效自评表或评价报告。")
            results.extend(found)
    except SchemeError as e:
        fail(str(e))
    if as_json:
        json.dump({"evaluations": [r.to_dict() for r in results]}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in results:
            _print(r, details)
        disagree = sum(1 for r in results if r.agrees is False)
        typer.echo(f"共评分 {len(results)} 项，其中计算总分与表中总分不一致 {disagree} 项", err=True)
    unreadable = report_unreadable(docs)
    for line in nothing:
        typer.echo(f"注意：{line}", err=True)
    if unreadable or not results:
        if not doc_paths:
            typer.echo("错误：没有给出要评分的文档（.txt、.pdf、.xlsx）。", err=True)
        raise typer.Exit(EXIT_NOT_DONE)


def _score_document(doc, scheme: str, measured: list[Measurements]) -> list[ScoreResult]:
    """Every self-evaluation form and evaluation report of one document — inside a 决算, or forms read
    on their own (any province's layout) — scored."""
    from jixiao.rules.measurements import measurements_for
    from jixiao.rules.score_evaluation import score_evaluation
    from jixiao.rules.score_self import score_self_evaluations

    found: list[ScoreResult] = []
    for body in (doc.accounts, doc.forms):
        if body is not None:
            found.extend(score_self_evaluations(body, scheme))
    for evaluation in doc.accounts.evaluations if doc.accounts is not None else ():
        found.append(score_evaluation(evaluation, measurements=measurements_for(evaluation.title, measured)))
    return found


def _kind_zh(kind: str) -> str:
    from jixiao.ingest.registry import kinds

    return next((k.title for k in kinds() if k.name == kind), "无法识别的文档")


def _print(r: ScoreResult, details: bool) -> None:
    from jixiao.rules.result import shown

    mark = {True: "一致", False: "不一致", None: "无表中总分"}[r.agrees]
    published = "—" if r.published_total is None else format(r.published_total, "f")
    grade = r.grade or "—"
    if r.published_grade and r.published_grade != r.grade:
        grade += f"（表中：{r.published_grade}）"
    typer.echo(f"{KIND_ZH.get(r.kind, r.kind)}｜{r.project or '—'}｜方案 {r.scheme}："
               f"计算 {shown(r.computed_total)}，表中 {published}，{mark}；等级 {grade}")
    for s in r.sections:
        if s.agrees is False:
            typer.echo(f"    {s.name}：计算 {shown(s.computed)}，表中 {s.published}")
    for item in r.items:
        if details or item.agrees is False:
            flag = "✗ " if item.agrees is False else "  "
            pub = "—" if item.published is None else format(item.published, "f")
            line = f"  {flag}{item.name}（{item.rule}，分值 {item.weight}）：计算 {shown(item.computed)}，表中 {pub}"
            if item.reason:
                line += f"；{item.reason}"
            if details:
                line += f"\n      {item.explanation}"
            typer.echo(line)
    for note in r.notes:
        typer.echo(f"    注：{note}")
