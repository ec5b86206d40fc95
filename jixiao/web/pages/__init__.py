"""The pages people see and the forms they fill in (Django app label ``pages``).

Views read rows from the store, rebuild core records with :mod:`jixiao.web.store.mapping` and
call the core for every score (:mod:`jixiao.rules`), check (:mod:`jixiao.checks`), grammar
verdict (:mod:`jixiao.grammar`) and report (:mod:`jixiao.report.registry`). Who may see or
change what is decided in one place, :mod:`jixiao.web.pages.access`.
"""
