"""Reading 绩效自评表 forms and the 自评情况汇总表.

The forms came out of a PDF converter, so their columns do not line up reliably: a
level label sits one column left of its header, a 三级 name is repeated into the next
cell, a target and an actual value share one cell, a score is written twice, a row's
weight and score fall onto the next line. The reader therefore works row by row, by
content first and by position second:

* A form is read line by line with a small state machine (head → budget → goal →
  indicators → totals → explanation → notes). A line is recognised by its labels
  (项目名称, 年度资金总额, 年初预期目标, 一级指标, 小计, 总分, 注：…), not by its position.
* The budget block is read once all its rows are known. When every value sits in a
  column the header names, the header decides. Otherwise the cells after the row name
  are read in order: the three amounts first, the weight, rate and score last; a cell
  between them is kept as ``extra``.
* An indicator row is split into leading level labels (a closed vocabulary: 产出指标,
  数量指标, …), the 三级 name, the value cells (年度指标值, 实际完成值), the trailing run
  of numbers (分值, 得分, then anything more as ``extra``) and trailing prose (偏差原因).
  Header columns, shifted by as much as the row's name is shifted, settle only what the
  content leaves open. Blank level cells carry the labels of the rows above.

Every interpretation of a shifted or merged layout is reported (``cell-shifted``,
``selfeval-cells-merged``). A line that fits nowhere is reported (``selfeval-row-unparsed``)
and left unplaced, so its raw text is kept.

The package: :mod:`~jixiao.ingest.selfeval.form` (the pass over a form, its budget and totals),
:mod:`~jixiao.ingest.selfeval.rows` (cell primitives and the indicator rows),
:mod:`~jixiao.ingest.selfeval.summary` (the 汇总表), :mod:`~jixiao.ingest.selfeval.cells`
(the vocabulary and a line's cells).
"""

from __future__ import annotations

from jixiao.ingest.selfeval.form import read_form
from jixiao.ingest.selfeval.summary import read_summary

__all__ = ["read_form", "read_summary"]
