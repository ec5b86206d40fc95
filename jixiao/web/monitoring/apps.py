from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jixiao.web.monitoring"
    label = "monitoring"
    verbose_name = "绩效运行监控"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """部门整体 monitoring goes through the common workflow: its transitions, its own view/edit
        rules, the workflow pages' record kind, and the submission guard of required explanations."""
        from django.urls import reverse

        from jixiao.web.monitoring import department as dm
        from jixiao.web.monitoring.models import DepartmentMonitoringReport
        from jixiao.web.workflow import permissions, queue, states, views

        states.register_workflow_model(DepartmentMonitoringReport)
        permissions.RECORD_RULES[DepartmentMonitoringReport] = (dm.can_view, dm.can_edit)
        views.KINDS.setdefault(views.kind_of(DepartmentMonitoringReport()), DepartmentMonitoringReport)
        queue.register_queue_kind(queue.QueueKind(
            DepartmentMonitoringReport, views.kind_of(DepartmentMonitoringReport()), "部门整体监控",
            lambda r: reverse("monitoring:department_report", args=[r.pk]),
        ))
        if dm.submit_problems not in states.SUBMIT_GUARDS:
            states.SUBMIT_GUARDS.append(dm.submit_problems)
