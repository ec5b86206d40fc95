"""What every report shares: number formats, the HTML environment and print CSS, PDF via
WeasyPrint, Chinese fonts for matplotlib charts and Word documents.

Heavy libraries (WeasyPrint, matplotlib, python-docx) are imported inside the functions that
need them, so reading and checking never pay for them.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.numbers import money, pct  # the report filters; disclosure modules import money from here

TEMPLATES = Path(__file__).parent / "templates"
CJK_SANS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans"]
CJK_SERIF = ["Noto Serif CJK SC", "Noto Sans CJK SC"]
WORD_FONTS = {"body": "仿宋_GB2312", "heading": "黑体", "title": "方正小标宋简体"}  # what users' Word has

PRINT_CSS = """
@page { size: A4; margin: 18mm 15mm 18mm 15mm;
        @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; } }
@page landscape { size: A4 landscape; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; line-height: 1.6; }
h1, h2, h3 { font-family: "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 18pt; text-align: center; } h2 { font-size: 14pt; } h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #333; padding: 2pt 4pt; font-size: 9pt; vertical-align: middle; }
th { background: #f0f0f0; font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; }
.note { font-size: 8.5pt; color: #333; }
.wide { page: landscape; }
figure { text-align: center; page-break-inside: avoid; } figure img { max-width: 100%; }
figcaption { font-size: 9pt; }
.error { color: #b00020; } .warning { color: #a15c00; } .info { color: #555; }
@media screen { body { max-width: 1100px; margin: 2em auto; padding: 0 1em; } }
"""


def jinja_env():
    """The Jinja2 environment for the HTML templates under jixiao/report/templates/."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["percent"] = pct
    env.globals["PRINT_CSS"] = PRINT_CSS
    return env


def html_to_pdf(html: str, out: Path, base_url: str | None = None) -> Path:
    """Render HTML (with the print CSS) to PDF with WeasyPrint and the system's Noto CJK fonts."""
    from weasyprint import HTML

    HTML(string=html, base_url=base_url or str(TEMPLATES)).write_pdf(str(out))
    return out


def warm_up_pdf() -> None:
    """Import WeasyPrint and have fontconfig and Pango load the print CSS's fonts (a process's
    first PDF pays for both): for a worker that will write a PDF once its HTML is ready."""
    from weasyprint import HTML

    HTML(string=f"<style>{PRINT_CSS}</style><h1>目录</h1><table><tr><th>项目</th><td>1.00</td></tr></table>").render()


def matplotlib_figure(width: float = 6.4, height: float = 3.6):
    """A matplotlib Figure (the object API, safe in background workers) with Chinese fonts."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams["font.sans-serif"] = CJK_SANS
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = True
    return Figure(figsize=(width, height), dpi=150)


def set_east_asian_font(run, name: str) -> None:
    """python-docx sets only w:ascii/w:hAnsi; Chinese text needs w:eastAsia too (and the
    theme attributes removed, which would otherwise win)."""
    run.font.name = name
    set_rfonts(run._element.get_or_add_rPr(), name)


def set_rfonts(rpr, name: str) -> None:
    """Set ``name`` as the east-Asian and Latin font of a run's or a style's ``w:rPr``."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def data_uri(data: bytes, mime: str) -> str:
    """``data:<mime>;base64,…`` for embedding a drawing (SVG, PNG) in HTML."""
    import base64

    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def docx_text(paragraph, text: str, font: str = WORD_FONTS["body"], size: float | None = None, bold: bool = False):
    """Add a run of Chinese text to a python-docx paragraph with its East Asian font set."""
    from docx.shared import Pt

    run = paragraph.add_run(text)
    set_east_asian_font(run, font)
    if size is not None:
        run.font.size = Pt(size)
    run.bold = bold or None
    return run
