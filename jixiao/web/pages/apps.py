from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "jixiao.web.pages"
    label = "pages"
    verbose_name = "页面"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jixiao.web.pages.department_selfeval import submit_problems
        from jixiao.web.workflow.states import SUBMIT_GUARDS

        if submit_problems not in SUBMIT_GUARDS:
            SUBMIT_GUARDS.append(submit_problems)
