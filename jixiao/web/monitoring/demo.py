"""The example monitoring data (``examples/monitoring/*.yaml``) into the demo database.

Each report is matched to a stored project (项目编码, else 项目名称, same year) and stored as a draft
under the ``default`` rule set, unless that project already has a report for the checkpoint month
(idempotent: running the demo again changes nothing).
"""

from __future__ import annotations

from pathlib import Path

from jixiao.monitor.yamlfile import read_reports
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.store import models as m

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples" / "monitoring"


def load_examples(directory: Path = EXAMPLES_DIR) -> list[str]:
    """Store the example reports not stored yet; one Chinese line per report stored or skipped."""
    done: list[str] = []
    if not directory.is_dir():
        return done
    projects = list(m.Project.objects.select_related("unit").order_by("-year", "id"))
    for path in sorted(directory.glob("*.yaml")):
        for report in read_reports(path).reports:
            project = mmap.find_store_project(report, projects)
            if project is None:
                done.append(f"未找到监控报告的项目：{report.project}（{path.name}）")
                continue
            if mm.MonitoringReport.objects.filter(project=project, month=report.checkpoint.month).exists():
                continue
            mmap.store_report(project, report)
            done.append(f"已导入监控报告：{project.name} {report.checkpoint.label}")
    return done
