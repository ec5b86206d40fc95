"""The 情况说明 (narrative) against the tables, the self-evaluation forms and the reports.

One module per family of checks: :mod:`.totals` (amounts quoted from the tables, repeats, parts
and differences), :mod:`.ratios` (shares, growth, completion), :mod:`.items` (table 05's 类 and
项), :mod:`.counts`, :mod:`.performance` (自评综述, 部门评价 / 财政评价); :mod:`.common` holds the
numbers with their printed precision and the guarded look-ups they share. The fact keys are the
names declared in :mod:`jixiao.model.facts`.

Every amount and percentage the narrative states (``doc.accounts.facts``, read by
jixiao/ingest/narrative/) is recomputed from the disclosure tables or from the other
numbers the narrative names:

- **amounts** against the table cell they quote (收、支总计 = 01 总计, 本年收入合计 = 01/02,
  本年支出合计 / 基本 / 项目 = 03 合计, 财政拨款收、支总计 = 04 总计, 一般公共预算财政拨款支出
  = 05 合计, per 类 = 05 类 rows, per 项 = 05 项 row found by its 类/款/项 names, 基本支出 = 05,
  人员经费 / 公用经费 = 06 合计 rows, 三公 = 09), and parts against their whole (购置 + 运行维护
  = 公务用车; 货物 + 工程 + 服务 = 政府采购; 人员经费 + 公用经费 = 基本支出; 预算 − 决算 = 减少);
- **shares** (占…%): numerator ÷ the whole the sentence names; when that does not give the
  stated figure, the other plausible wholes are tried and the message says which one would;
- **growth** (增加 X，增长 Y%): the previous-year figure implied is current ∓ X, and Y must be
  X ÷ previous; the message gives the implied previous-year figure;
- **completion** (完成年初预算的 Z%): 决算 ÷ 预算;
- **counts**: vehicles by kind sum to the total, 公务用车保有量 ≤ 车辆总数, vehicles bought
  (辆) zero exactly when their purchase cost is zero, self-evaluation
  grades sum to the projects evaluated, forms and summary rows against the number stated,
  published + undisclosed projects against the total;
- **the 自评综述** of each project against its form (总分, 全年预算数 = 调整后预算数, 执行数,
  执行率) and the summary table (自评得分, 评价等级), and the 部门评价 / 财政评价 scores and
  grades against the reports in the same document;
- **repetition**: a quantity stated more than once (一般公共预算财政拨款支出 in 五(一), 五(二)
  and 五(三); the number of projects self-evaluated) must be the same everywhere. Where a table
  holds the quantity, each statement is compared with the table instead (that already shows
  which statement is wrong, so the pair is not reported twice);
- **coverage**: every leaf subject of 一般公共预算财政拨款支出决算表 with an amount must be
  explained in 五(三), every 类 in 五(二). A leaf is a 项, and also a 款 printed without any
  项 under it (seed 002: 20407 监狱, 20408 强制隔离戒毒): it carries its amount at the lowest
  level the table discloses, so the explanation the template asks of every 项 is due for it.

Tolerance
---------
Amounts: exact passes; a gap within 0.01 per summand is ``narrative-rounding-gap`` (info);
more is an error. Numbers printed with more decimals (a form's ``20.88535``) are rounded
half-up to the narrative's decimals before comparing. Percentages: the recomputed value is
rounded half-up to the decimals the narrative prints; equal passes. Otherwise every input is
taken as the interval its printing allows (half a unit of its last printed digit, at least
half a cent for an amount: ``91,455.09`` is 91,455.085 … 91,455.095; counts are exact), the
interval of the ratio is computed, and if the stated percentage (± half its last digit) lies
in it the gap is explained by rounding of the inputs: ``narrative-rounding-gap`` (info).
Anything else is an error, even a difference of one unit in the last digit when exact inputs
cannot produce it. Where a form gives the unrounded figure the narrative rounded, the
percentage is recomputed from the form's figure first.

Gaps within rounding use ``narrative-rounding-gap`` rather than the tables' ``rounding-gap``,
whose message speaks of a table cell and of n summands × 0.01, which describes neither a
narrative number nor a percentage.

Not checkable from the document, so not checked: the 机关运行经费 amount itself (no table
holds it; it covers 行政单位 only, so it is not table 06's 公用经费合计), the
self-evaluated funds' share of 部门预算项目支出总额 (that budget figure is not published),
each procurement category's SME amount (only its share is stated: the three shares are
checked together against the SME total), 年初预算 figures (table 05 of this template has no
年初预算 column; only the narrative's own ratios can be recomputed).

A missing table, row or fact means that check is skipped (the readers and the table checks
report what is missing); nothing here raises on a partial document.
"""

# Importing the modules registers their checks, in this order (the order findings are reported in).
from jixiao.checks.narrative import totals, ratios, items, counts, performance  # noqa: F401, I001
