"""The lines of a wrapped table cell on a scan (issue 21): RapidOCR reads one line, so a cell's ink is
cut into its lines of text (``grid.text_lines``) and their readings joined as the text layer joins a
wrapped cell (``text.join_wrapped``)."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jixiao.ingest.ocr.grid import text_lines
from jixiao.ingest.text import join_wrapped


def cell(lines: list[int], height: int, gap: int, width: int = 120) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A white cell with ``len(lines)`` lines of ink ``height`` px high, ``gap`` px apart, line k
    ``lines[k]`` px long; and the ink's box."""
    image = np.full((len(lines) * (height + gap) + 20, width + 20), 255, np.uint8)
    top = 10
    for length in lines:
        image[top : top + height, 10 : 10 + length] = 0
        top += height + gap
    return image, (6, 6, width + 14, top - gap + 4)


@given(
    lines=st.lists(st.integers(8, 120), min_size=1, max_size=4),
    height=st.integers(14, 30),
    gap=st.integers(3, 12),
)
def test_each_line_of_a_wrapped_cell_is_its_own_band(lines, height, gap):
    image, box = cell(lines, height, gap)
    bands = text_lines(image, box)
    assert len(bands) == len(lines)
    assert bands[0][1] == box[1] and bands[-1][3] == box[3]
    for above, below in itertools.pairwise(bands):
        assert above[3] == below[1]  # adjoining: no ink is lost between them


def test_strokes_of_one_character_are_one_line():
    image = np.full((60, 60), 255, np.uint8)
    for top in (15, 27, 39):  # 三: three strokes parted by paper, each far lower than a line
        image[top : top + 3, 12:48] = 0
    box = (8, 11, 52, 46)
    assert text_lines(image, box) == [box]


def test_a_speck_under_a_line_joins_it():
    image, box = cell([100], 20, 0)
    image[box[3] - 2, 50] = 0  # a speck of noise below the line
    bands = text_lines(image, (box[0], box[1], box[2], box[3] + 2))
    assert len(bands) == 1


def test_wrapped_lines_join_without_a_space_but_between_latin_letters():
    assert join_wrapped(["为当事人挽回损失≥", "400 万元"]) == "为当事人挽回损失≥400 万元"
    assert join_wrapped(["12348", "热线"]) == "12348热线"
    assert join_wrapped(["Project", "office", ""]) == "Project office"
