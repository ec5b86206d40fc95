"""Running page numbers in a PDF page's margins are page furniture: kept out of tables and
narrative, recorded on the page (jixiao.ingest.pdf_furniture)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest.pdf import _plain, extract_text
from jixiao.ingest.pdf_furniture import BAND, Folio
from jixiao.ingest.pdf_geometry import Char
from jixiao.ingest.text import is_page_footer, page_label

HEIGHT, WIDTH = 842.0, 595.0
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
# the page-number forms of Chinese government PDFs; {n} the page, {t} the pages, {s} a spacing
WORDED = ("第{s}{n}{s}页{s}，{s}共{s}{t}{s}页", "第{s}{n}{s}页{s}/{s}共{s}{t}{s}页", "第{s}{n}{s}页{s}共{s}{t}{s}页",
          "第{s}{n}{s}页", "Page {n} of {t}", "Page{s}{n}{s}/{s}{t}")  # fmt: skip
BARE = ("-{s}{n}{s}-", "—{s}{n}{s}—", "－{s}{n}{s}－", "{n}{s}/{s}{t}", "{n}")
spacing = st.sampled_from(["", " ", "  ", "　"])


def line(text: str, x: float, top: float, size: float = 10.5) -> list[Char]:
    """Characters as a PDF prints them: a Chinese or full-width glyph a font size wide, others half."""
    out = []
    for ch in text:
        width = size if ord(ch) > 0x2000 else size / 2
        out.append(Char(ch, x, x + width, top, top + size, size))
        x += width
    return out


def body() -> list[Char]:
    """A page of narrative and a table without rules whose last row stands low on the page."""
    chars = line("一、部门预算收支情况说明，收入总计1,234.56万元。", 70, 130)
    for k, (name, amount) in enumerate((("一、财政拨款收入", "1,234.56"), ("二、事业收入", "0.00"))):
        chars += line(name, 70, 170 + 20 * k) + line(amount, 400, 170 + 20 * k)
    return chars


def render(text: str, n: int, t: int, s: str, full: bool) -> str:
    number, total = (str(n).translate(FULL), str(t).translate(FULL)) if full else (str(n), str(t))
    return text.format(n=number, t=total, s=s)


@st.composite
def footers(draw, forms=WORDED + BARE):
    position = draw(st.integers(1, 300))
    total = draw(st.integers(position, 400))
    text = render(draw(st.sampled_from(forms)), position, total, draw(spacing), draw(st.booleans()))
    size = draw(st.sampled_from([7.5, 9.0, 10.5, 14.0]))
    width = sum(size if ord(ch) > 0x2000 else size / 2 for ch in text)
    x = draw(st.sampled_from([20.0, (WIDTH - width) / 2, WIDTH - 20 - width]))  # outer left, centre, outer right
    foot = draw(st.booleans())
    top = draw(st.floats(HEIGHT * (1 - BAND) + 1, HEIGHT - size - 2) if foot else st.floats(2, HEIGHT * BAND - size))
    return position, text, line(text, x, top, size)


@settings(max_examples=300, deadline=None)
@given(footers())
def test_a_page_number_in_a_margin_is_furniture_in_any_form_spacing_digits_and_place(footer):
    position, text, chars = footer
    page = body()
    kept, furniture = Folio().strip(page + chars, HEIGHT, position, [], _plain)
    assert kept == page
    assert furniture == [_plain(chars)]
    assert page_label(text) is not None and page_label(text).number == position


@settings(max_examples=200, deadline=None)
@given(footers(forms=BARE), st.integers(1, 50))
def test_a_bare_number_that_is_not_the_pages_position_stays(footer, shift):
    position, _, chars = footer
    page = body()
    kept, furniture = Folio().strip(page + chars, HEIGHT, position + shift, [], _plain)
    assert (kept, furniture) == (page + chars, [])


def test_an_excerpt_numbered_from_an_offset_is_known_by_its_worded_page_number():
    folio = Folio()
    first = line("第 37 页，共 120 页", 260, 800)
    assert folio.strip(body() + first, HEIGHT, 1, [], _plain)[1] == ["第 37 页，共 120 页"]
    assert folio.strip(body() + line("- 38 -", 280, 800), HEIGHT, 2, [], _plain)[1] == ["- 38 -"]
    assert folio.strip(body() + line("40", 290, 800), HEIGHT, 3, [], _plain)[1] == []  # 39 expected


@settings(max_examples=100, deadline=None)
@given(footers(), st.floats(HEIGHT * BAND + 20, HEIGHT * (1 - BAND) - 30))
def test_a_page_number_in_the_body_of_the_page_stays(footer, top):
    position, _, chars = footer
    moved = [c._replace(top=top, bottom=top + c.size) for c in chars]
    kept, furniture = Folio().strip(body() + moved, HEIGHT, position, [], _plain)
    assert furniture == [] and len(kept) == len(body()) + len(moved)


@pytest.mark.parametrize("amount", ["5", "1,234.56", "2024", "15.00"])
def test_an_amount_in_a_tables_last_row_near_the_bottom_stays(amount):
    """Page 5: a table's last row stands in the bottom band; its amount (even a 5) is content."""
    row = line("合计", 70, 790) + line(amount, 400, 790)
    alone = line(amount, 400, 810)  # a last row whose only printed cell is the amount
    ruled = [(60.0, 700.0, 540.0, 825.0)]  # …in a ruled table
    for chars, tables in ((row, []), (row, ruled), (alone, ruled)):
        kept, furniture = Folio().strip(body() + chars, HEIGHT, 5, tables, _plain)
        assert (kept, furniture) == (body() + chars, [])
    if amount != "5":  # a lone amount without rules is furniture only when it is the page's number
        assert Folio().strip(body() + alone, HEIGHT, 5, [], _plain)[1] == []


def test_only_the_outermost_lines_can_be_furniture():
    """A number above the last line of the page's content is not a running footer."""
    chars = line("5", 290, 770) + line("注：本表无数据。", 70, 800)
    assert Folio().strip(body() + chars, HEIGHT, 5, [], _plain)[1] == []


@pytest.mark.parametrize("text", ["第 6 页，共 5 页", "第0页", "5/4", "- 5", "第5页 合计", "Page five", ""])
def test_not_page_numbers(text):
    assert page_label(text) is None


# -- rendered PDFs ---------------------------------------------------------------------------------

ROWS = [
    ("一、财政拨款收入", Decimal("96282213.44")),
    ("二、事业收入", Decimal("0")),
    ("收入总计", Decimal("96282213.44")),
]


def _pdf(footer: str | None, rows: int, ruled: bool) -> bytes:
    from weasyprint import HTML

    border = "td { border: 0.6pt solid #333; }" if ruled else "tr:first-child td { border-top: 0.6pt solid #333; }"
    margin = f"@bottom-center {{ content: {footer}; font-size: 9pt; }}" if footer else ""
    css = (
        f"@page {{ size: A4; margin: 18mm 15mm 18mm 15mm; {margin} }} body {{ font-family: 'Noto Sans CJK SC'; "
        f"font-size: 10.5pt; }} table {{ border-collapse: collapse; width: 100%; }} td {{ padding: 2pt 4pt; }} "
        f"{border} td.num {{ text-align: right; }}"
    )
    body = "".join(
        f"<tr><td>{escape(name)}{k}</td><td class='num'>{value + k:,.2f}</td><td class='num'>{value:,.2f}</td></tr>"
        for k in range(rows) for name, value in ROWS
    )  # fmt: skip
    html = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body><table>{body}</table></body></html>"
    return HTML(string=html).write_pdf()


FOOTERS = {
    '"第 " counter(page) " 页，共 " counter(pages) " 页"': "第 {n} 页，共 {t} 页",
    '"第" counter(page) "页/共" counter(pages) "页"': "第{n}页/共{t}页",
    '"- " counter(page) " -"': "- {n} -",
    '"—" counter(page) "—"': "—{n}—",
    'counter(page) " / " counter(pages)': "{n} / {t}",
    "counter(page)": "{n}",
    '"Page " counter(page) " of " counter(pages)': "Page {n} of {t}",
}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FOOTERS)), st.sampled_from([40, 70]), st.booleans())
def test_rendered_footers_leave_the_pages_lines_as_without_them(footer, rows, ruled):
    """A table running over pages down to the foot of each: with any footer the pages read as the
    same lines as without one, and every page keeps its number as furniture."""
    bare = extract_text(_pdf(None, rows, ruled)).pages
    numbered = extract_text(_pdf(footer, rows, ruled)).pages
    assert len(numbered) == len(bare) >= 2
    assert [p.lines for p in numbered] == [p.lines for p in bare]
    total = len(numbered)
    assert [p.furniture for p in numbered] == [[FOOTERS[footer].format(n=p.number, t=total)] for p in numbered]
    assert all(p.furniture == [] for p in bare)


@pytest.mark.parametrize(
    ("text", "footer"),
    [("第 1 页，共 2 页", True), ("第１页／共２页", True), ("- 3 -", True), ("—12—", True), ("1/5", True),
     ("Page 2 of 9", True), ("5", False), ("2024", False), ("第 3 页，共 2 页", False), ("合计 5", False)],
)
def test_a_footer_line_is_told_by_the_same_rule_as_the_pdf_margin(text, footer):
    # text readers (forms, score tables, department targets) ask is_page_footer; a lone number needs its
    # place on the page (the PDF's margin band), which a text line does not have
    assert is_page_footer(text) is footer
