"""The JSON API at ``/api/`` (django-ninja): projects, indicators, self-evaluations, evaluations,
transitions, audit trail, and parse / score / check of an uploaded file. Docs at ``/api/docs``
(Swagger UI served locally, no CDN). See :mod:`jixiao.web.api.api`.
"""
