"""The workflow app keeps no tables of its own: failed logins are django-axes' (see :mod:`.lockout`)."""
