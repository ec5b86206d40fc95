from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "jixiao.web.pages"
    label = "pages"
    verbose_name = "页面"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jixiao.web.pages import report_files
        from jixiao.web.pages.department_selfeval import submit_problems
        from jixiao.web.workflow.audit import record_changed
        from jixiao.web.workflow.states import SUBMIT_GUARDS

        # a change of a record rebuilds the reports already asked for of its document (in the background)
        record_changed.connect(report_files.record_changed, dispatch_uid="pages.report_files")

        if submit_problems not in SUBMIT_GUARDS:
            SUBMIT_GUARDS.append(submit_problems)
