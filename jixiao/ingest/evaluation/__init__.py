"""Reading an evaluation report (部门评价 / 财政评价 报告) into an :class:`Evaluation`.

The caller hands over the report's lines, from its title (a line ending in 评价报告 with a
评价单位 line below it) to the next report or the end of the file. The reader walks them
once and sorts every non-blank line into one of these blocks:

- the cover: title, ``评价单位：``, ``被评价单位：``, the cover date ``2023 年 5 月``;
- small tables: the section summary (``评价指标类别 / 所赋分值 / 评价得分 / 得分率 / 评述与等级``),
  which a finance report prints twice (摘要 and 评价结论: both are read, the last is the
  report's, differences are findings), and two-column money tables (``项目分类 / 金额（万元）``);
- the score table (附件1): a title ending in 评分表 followed by a ``一级指标 …`` header; its
  pages repeat title and header, carry printed page numbers inside their first cell, and
  shift cells (see :func:`~jixiao.ingest.evaluation.score_table.assign_levels`);
- a signature: a signer line above a full date (``青岛市司法局`` / ``2023年5月12日``);
- prose: headings (numbered ``一、`` ``（一）`` ``1.`` ``（1）`` ``①``) and paragraphs; lines
  the converter broke inside a sentence are joined again.

Everything else the report says is then read from the prose: grade bands, evaluation
stages, the department report's section scores and total, the conclusion sentence, and every
sentence that states an indicator's score. Nothing is recomputed or corrected: values are
kept as printed and anything odd becomes a finding.

The package: :mod:`~jixiao.ingest.evaluation.reader` (the walk and the assembling),
:mod:`~jixiao.ingest.evaluation.score_table` (附件1), :mod:`~jixiao.ingest.evaluation.prose`
(facts read from the prose), :mod:`~jixiao.ingest.evaluation.text` (words and numbers).
"""

from __future__ import annotations

from jixiao.ingest.evaluation.reader import read_report
from jixiao.ingest.evaluation.text import squeeze

__all__ = ["read_report", "squeeze"]
