"""Workflow, permissions, audit trail and login lock-out (docs/web.md, "Workflow, permissions, audit").

- :mod:`.states` — the status transition table, ``allowed_transitions`` and ``transition``;
- :mod:`.permissions` — who may see and edit which record (pages and API call the same functions);
- :mod:`.audit` — the audit trail and optimistic locking (``save_with_version`` / ``Conflict``);
- :mod:`.lockout` — django-axes settings: login lock-out per username + address, growing cool-off;
- :mod:`.uploads` — ``validate_upload`` (type, size and magic bytes).
"""
