"""Checks: every number re-checked. ``run_checks(docs)`` → :class:`~jixiao.checks.runner.Report`."""

from jixiao.checks.runner import Report, run_checks

__all__ = ["Report", "run_checks"]
