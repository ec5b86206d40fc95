"""Workflow, permissions, audit trail and login throttling (docs/web.md, "Workflow, permissions, audit").

- :mod:`.states` — the status transition table, ``allowed_transitions`` and ``transition``;
- :mod:`.permissions` — who may see and edit which record (pages and API call the same functions);
- :mod:`.audit` — the audit trail and optimistic locking (``save_with_version`` / ``Conflict``);
- :mod:`.throttle` — login attempts limited per username + IP;
- :mod:`.uploads` — ``validate_upload`` (type, size and magic bytes).
"""
