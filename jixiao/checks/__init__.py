"""Checks: every number re-checked. ``run_checks(docs)`` → :class:`~jixiao.checks.runner.Report`."""

from jixiao.checks import ocr_proof  # registers the arithmetic as the OCR proof-reader
from jixiao.checks.runner import Report, run_checks

__all__ = ["Report", "ocr_proof", "run_checks"]
