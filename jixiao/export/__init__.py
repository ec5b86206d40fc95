"""Writing the model out as files people fill in: the Excel templates of 绩效目标表 and
绩效自评表 (:mod:`jixiao.export.xlsx`), read back by :mod:`jixiao.ingest.xlsx`.

Export sits beside ``ingest`` (both import only the model and :mod:`jixiao.xlsx_layout`);
reports and the monitoring templates build on it.
"""
