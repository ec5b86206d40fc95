"""绩效运行监控 in the web app: monitoring reports per project and checkpoint, their lights (computed by
:mod:`jixiao.monitor`), the department matrix, the finance-bureau overview, downloads and the API."""
