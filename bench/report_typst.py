"""Side-by-side measurement, not a product path (issue 20, item 2: "choose the fastest faithful PDF
path … another typesetting engine such as Typst, measured side by side"): seed 002's disclosure
PDF typeset by Typst from the same view — the nine tables with their spanning headers (landscape
pages, repeated headers), the 情况说明 with its six SVG charts, the sources table, Noto CJK fonts,
"第 n 页，共 N 页" footers — against WeasyPrint on the project's HTML, CPU time of each in a fresh
process (min and median of 3).

Typst is NOT a project dependency. Its wheel (typst 0.15.2, 34 MB, the compiler inside) installs
from the configured index; install it outside the project's venv and put it on the path:

    pip download --no-deps -d /tmp/typst typst==0.15.2
    pip install --no-deps --no-index --target /tmp/typst-lib /tmp/typst/typst-*.whl
    PYTHONPATH=$PWD:/tmp/typst-lib .venv/bin/python bench/report_typst.py

The Typst markup here is a sketch of the layout (spacing and line heights differ from the HTML's
print CSS, the page count is 17 against 18); it is enough to compare the cost, not a faithful copy.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "002_898987880c89420a.txt"
FONTS = "/usr/share/fonts/opentype/noto"
SANS = '"Noto Sans CJK SC"'


def content(text: object) -> str:
    """Text as a Typst content block, markup characters escaped."""
    s = "" if text is None else str(text)
    return "[" + "".join("\\" + ch if ch in "\\[]#*_`$<>@=-+/~\"'" else ch for ch in s) + "]"


def markup(view, folder: Path) -> str:
    from jixiao.report.disclosure_charts import render_chart
    from jixiao.report.disclosure_layout import body_positions, grid

    footer = "context align(center, text(9pt)[第 #counter(page).display() 页，共 #counter(page).final().first() 页])"
    out = [
        f'#set page(paper: "a4", margin: (top: 18mm, bottom: 18mm, x: 15mm), footer: {footer})',
        f'#set text(font: ("Noto Serif CJK SC", {SANS}), size: 10.5pt, lang: "zh")',
        f"#show heading: set text(font: {SANS})",
        "#align(center)[#v(60mm)"
        + "".join(f"#text(size: {22 if k == 0 else 26}pt, font: {SANS}){content(line)}\\ "
                  for k, line in enumerate(view.cover_lines))
        + "]",
        "#pagebreak()\n= 目　录",
    ]
    out += [f"- {content(t.number)}　{content(t.title)} ……" for t in view.tables]
    for t in view.tables:
        out.append('#page(paper: "a4", flipped: true, margin: (top: 10mm, bottom: 12mm, x: 14mm))[')
        out.append(f"#align(center)[#text(13pt, font: {SANS}){content(t.title)}]")
        out.append(f"#align(right)[#text(9pt){content(t.number)}]")
        out.append(f"#grid(columns: (1fr, 1fr), text(9pt){content('部门：' + str(t.department))}, "
                   f"align(right, text(9pt){content('金额单位：' + str(t.unit))}))")
        head = [
            f'table.cell(colspan: {h.colspan}, rowspan: {h.rowspan}, fill: rgb("#f0f0f0"), align: center + horizon, '
            f"text(font: {SANS}){content(h.text)})"
            for _, _, h in grid(t.header)
        ]
        cells = []
        for row in t.rows:
            for _, x in body_positions(row):
                align = "right" if x.kind == "num" else "center" if x.kind in ("row_no", "code") else "left"
                cells.append(f"table.cell(colspan: {x.colspan}, align: {align} + horizon){content(x.text)}")
        widths = ", ".join(f"{w}%" for w in t.column_widths())
        out.append(f'#set text(8pt)\n#table(columns: ({widths}), stroke: 0.6pt + rgb("#333"), '
                   f"inset: (x: 3pt, y: 0.5pt),\n table.header({', '.join(head)}),\n" + ",\n".join(cells) + ")")
        out += [f"#text(8.5pt){content(n)}" for n in t.notes]
        out.append("]")
    out.append(f"#pagebreak()\n#align(center)[#text(16pt, font: {SANS}){content(view.narrative_heading_line)}]")
    for s in view.sections:
        out.append(("== " if s.level == 2 else "=== ") + content(s.heading)[1:-1])
        out += [f"#par(first-line-indent: 2em){content(p)}" for p in s.paragraphs]
        chart = view.chart(s.chart)
        if chart:
            (folder / f"{chart.key}.svg").write_bytes(render_chart(chart, "svg"))
            out.append(f'#figure(image("{chart.key}.svg", width: 150mm), caption: {content(chart.caption)})')
    out.append(f"#pagebreak()\n== 数据来源情况说明\n#text(8.5pt){content(view.source_note)}")
    rows = []
    for i in view.inputs:
        if isinstance(i.value, str):
            rows.append(f"{content(i.label)}, table.cell(colspan: 2){content(f'“{i.value}”（{i.provenance}）')}")
        else:
            rows.append(f"{content(i.label)}, {content(f'{i.value}{i.unit}')}, {content(i.provenance)}")
    out.append("#set text(8.5pt)\n#table(columns: (30%, 13%, 57%), table.header([项目], [数值], [来源]),\n"
               + ",\n".join(rows) + ")")
    return "\n".join(out)


TYPST = (
    "import typst, sys; "
    "typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)"
)
WEASY = (
    "import sys; from pathlib import Path; from jixiao.report.common import html_to_pdf; "
    "html_to_pdf(Path(sys.argv[1]).read_text(encoding='utf-8'), Path(sys.argv[2]))"
)


def cpu_of(args: list[str]) -> float:
    """CPU seconds (user + system, every thread) of a fresh process running ``args``."""
    before = os.times()
    subprocess.run(args, check=True)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> int:
    from jixiao.ingest import read_file
    from jixiao.report.disclosure import to_html_string
    from jixiao.report.disclosure_view import build

    view = build([read_file(SEED)])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "d.typ").write_text(markup(view, folder), encoding="utf-8")
        (folder / "d.html").write_text(to_html_string(view), encoding="utf-8")
        figures = {}
        for name, args in (
            ("Typst", [sys.executable, "-c", TYPST, str(folder / "d.typ"), str(folder / "t.pdf"), FONTS]),
            ("WeasyPrint", [sys.executable, "-c", WEASY, str(folder / "d.html"), str(folder / "w.pdf")]),
        ):
            figures[name] = [cpu_of(args) for _ in range(3)]
        import pypdfium2

        pages = {name: len(pypdfium2.PdfDocument(str(folder / f))) for name, f in (("Typst", "t.pdf"),
                                                                                    ("WeasyPrint", "w.pdf"))}
    print("seed 002's disclosure PDF, fresh process each (imports and font loading included), CPU seconds:")
    for name, values in figures.items():
        print(f"  {name:10} min {min(values):5.2f}  median {statistics.median(values):5.2f}  ({pages[name]} pages)")
    print(f"  load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
