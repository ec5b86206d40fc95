"""Page furniture of a PDF: the running page numbers printed in a page's top or bottom margin.

A page number is not part of the page's content: read as text it becomes a table row under the
last table of the page (``第 5 页，共 15 页`` as a row of three cells) or a stray line in the
narrative. :class:`Folio` takes such lines out before the page is laid out and keeps them (on the
page, :attr:`jixiao.ingest.pdf.PageText.furniture`), so nothing is lost.

A line is furniture only when all of these hold:

* **Where it stands.** It lies in the top or bottom band of the page (``BAND`` of the page's
  height) and nothing but other furniture stands between it and the page's edge; no character of
  it lies in a ruled table.
* **What it says.** The whole line (spaces and full-width forms ignored) is a page number in one
  of the forms Chinese government PDFs print: ``第 5 页，共 15 页``, ``第5页/共15页``, ``第 5 页``,
  ``Page 5 of 15``, ``- 5 -``, ``—5—``, ``5 / 15``, ``5``.
* **Which number.** A worded form (``第…页``, ``Page …``) says what it is. A bare form (dashes,
  ``N / M``, a lone number) is a page number only when its number is the page's position in the file
  (1-based), or that position shifted by the offset an earlier page's page number showed (an
  excerpt whose first page is printed as page 37).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jixiao.ingest.pdf_geometry import Char, group_lines
from jixiao.ingest.text import page_label

BAND = 0.12  # the top and bottom margin bands, as a share of the page's height

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
LineText = Callable[[list[Char]], str]


@dataclass(slots=True)
class Folio:
    """The page numbers of one file, page by page (the offset between printed number and
    position carries from page to page)."""

    offset: int | None = None  # printed number − position, once a page number was recognised
    pending: int | None = None  # the offset a bare number in the previous page's band suggested

    def strip(
        self, chars: list[Char], height: float, position: int, tables: Sequence[Box], line_text: LineText
    ) -> tuple[list[Char], list[str]]:
        """(the page's characters without its furniture, the furniture lines as printed, top first)."""
        if height <= 0 or not chars:
            return chars, []
        top_band, bottom_band = height * BAND, height * (1 - BAND)
        lines = group_lines(chars)
        head = list(itertools.takewhile(lambda ln: max(c.ymid for c in ln[1]) <= top_band, lines))
        foot = list(itertools.takewhile(lambda ln: min(c.ymid for c in ln[1]) >= bottom_band, reversed(lines)))
        taken: list[tuple[float, list[Char]]] = []
        suggested: int | None = None
        for side in (head, foot):  # each from the page's edge inwards
            for line in side:
                label = None if _in_table(line[1], tables) else page_label(line_text(line[1]))
                if label is None:
                    break
                shift = label.number - position
                if label.worded or shift == 0 or shift in (self.offset, self.pending):
                    taken.append(line)
                    self.offset = shift
                    continue
                suggested = shift
                break
        self.pending = suggested
        if not taken:
            return chars, []
        gone = {id(c) for _, cs in taken for c in cs}
        taken.sort(key=lambda ln: ln[0])
        return [c for c in chars if id(c) not in gone], [line_text(cs) for _, cs in taken]


def _in_table(chars: list[Char], tables: Sequence[Box]) -> bool:
    return any(x0 <= c.xmid <= x1 and top <= c.ymid <= bottom for c in chars for x0, top, x1, bottom in tables)
