"""The 部门决算 disclosure package (部门决算公开): the nine tables in their official layouts,
the 情况说明 written from them, and its charts — report kind ``disclosure``.

The builder (:mod:`jixiao.report.disclosure_view`) turns a read final-accounts
:class:`~jixiao.model.document.Document` into a :class:`~jixiao.report.disclosure_view.DisclosureView`;
every format draws that one view:

- HTML (screen and print CSS) and PDF (the same HTML through WeasyPrint; tables on landscape
  pages, charts as SVG) — here;
- XLSX and DOCX — :mod:`jixiao.report.disclosure_office`;
- the seed's own text layout (for reading the output back with jixiao's readers and
  checking the generated narrative) — :mod:`jixiao.report.disclosure_text`.

Table layouts: :mod:`jixiao.report.disclosure_layout`. Narrative and its inputs (last year's
totals, 年初预算, counts, reasons — whatever the tables cannot give, each with its provenance):
:mod:`jixiao.report.disclosure_narrative`. Charts: :mod:`jixiao.report.disclosure_charts`.

``build(docs)`` (the registered builder) takes those inputs from the document's own published
情况说明 (:func:`~jixiao.report.disclosure_inputs.inputs_from_published_text`), and the
package lists each of them with where it came from; :func:`build_disclosure` accepts
inputs from elsewhere (or none: the narrative then says what was not provided).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao.report import disclosure_office  # noqa: F401  (registers the XLSX and DOCX renderers)
from jixiao.report.common import data_uri, html_to_pdf, jinja_env, warm_up_pdf
from jixiao.report.disclosure_charts import render_chart
from jixiao.report.disclosure_layout import body_positions, grid
from jixiao.report.disclosure_view import KIND, DisclosureView
from jixiao.report.registry import FORMATS, REPORTS, renderer

# -- HTML and PDF -------------------------------------------------------------------------------


def to_html_string(view: DisclosureView, chart_format: str = "svg") -> str:
    mime = "image/svg+xml" if chart_format == "svg" else "image/png"
    images = {c.key: data_uri(render_chart(c, chart_format), mime) for c in view.charts}
    template = jinja_env().get_template("disclosure.html")
    return template.render(v=view, images=images, grid=grid, body_positions=body_positions)


@renderer(KIND, "html")
def to_html(view: DisclosureView, out: Path) -> None:
    Path(out).write_text(to_html_string(view), encoding="utf-8")


@renderer(KIND, "pdf")
def to_pdf(view: DisclosureView, out: Path) -> None:
    html_to_pdf(to_html_string(view), Path(out))


def render_package(
    view: DisclosureView,
    outdir: Path,
    stem: str = "disclosure",
    formats: Sequence[str] = FORMATS,
    parallel: bool = True,
    kind: str = KIND,
) -> dict[str, Path]:
    """Write the package in several formats at once (the web app's “download all”); ``kind``
    is ``disclosure`` or ``budget`` (both draw a :class:`DisclosureView`).

    The HTML is made once for both HTML and PDF. With ``parallel`` (and where processes can be
    forked) the PDF — WeasyPrint's layout is most of the work — is written by a child process
    started first: it imports WeasyPrint and loads the fonts while this process draws the charts
    and makes the HTML, then lays the HTML out while this one writes the other formats. If the
    child fails, the PDF is written here.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {fmt: outdir / f"{stem}.{fmt}" for fmt in formats}
    child = _PdfChild.start(paths["pdf"]) if "pdf" in formats and parallel else None
    try:
        html = to_html_string(view) if {"html", "pdf"} & set(formats) else ""
        if "html" in formats:
            paths["html"].write_text(html, encoding="utf-8")
        if child is not None and not child.send(html, paths.get("html")):
            child = None
        if "pdf" in formats and child is None:
            html_to_pdf(html, paths["pdf"])
        for fmt in formats:
            if fmt not in ("html", "pdf"):
                REPORTS[kind].renderers[fmt](view, paths[fmt])
    except BaseException:
        if child is not None:  # no package: the child need not finish its PDF
            child.stop()
        raise
    if child is not None:
        child.close()
        if not child.join():
            html_to_pdf(html, paths["pdf"])
    return paths


class _PdfChild:
    """A forked process that writes one PDF from an HTML file whose name it receives through a
    pipe (the name, not the text: a short message never waits for the child to read it)."""

    def __init__(self, process, conn, out: Path):
        self.process, self.conn, self.out = process, conn, out
        self.scratch: Path | None = None

    @classmethod
    def start(cls, out: Path) -> _PdfChild | None:
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        ctx = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe()
        process = ctx.Process(target=_write_pdf_from_pipe, args=(theirs, out), daemon=True)
        try:
            process.start()
        except (AssertionError, OSError):  # inside a daemonic worker, or no processes left: write it here
            return None
        theirs.close()
        return cls(process, ours, out)

    def send(self, html: str, written: Path | None) -> bool:
        """Hand the HTML over (``written``: where it is already saved, else a scratch file)."""
        if written is None:
            self.scratch = written = self.out.with_name(self.out.name + ".html")
            written.write_text(html, encoding="utf-8")
        try:
            self.conn.send(str(written))
            return True
        except OSError:  # the child is gone
            self.stop()
            return False

    def close(self) -> None:
        self.conn.close()

    def join(self) -> bool:
        self.process.join()
        if self.scratch is not None:
            self.scratch.unlink(missing_ok=True)
        return self.process.exitcode == 0

    def stop(self) -> None:
        self.close()
        self.process.terminate()
        self.join()


def _write_pdf_from_pipe(conn, out: Path) -> None:
    warm_up_pdf()
    try:
        source = Path(conn.recv())
    except EOFError:  # the parent stopped before the HTML was ready
        return
    conn.close()
    html_to_pdf(source.read_text(encoding="utf-8"), out)
