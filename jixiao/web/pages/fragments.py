"""Rendered blocks of HTML cached by the versions of the records they show (issue 20, item 1).

The long blocks of a page — a final-accounts document's tables, a target table, a form's
indicator rows, a document's findings — take most of a page's server time to render and change
only when their records change. :func:`block` renders such a block once per key and keeps the
HTML in the analysis caches (this process, then Django's cache shared by the server processes;
``settings.CACHES``, docs/deploy.md).

What makes a key exact:

- the caller's ``key`` names the records and their stamps: every save of a workflow record bumps
  its ``version`` and ``updated`` (``workflow.audit.save_with_version``, ``workflow.states``), a
  child row's edit claims its parent first; a document's stamp (``analysis.document_stamp``)
  counts, sums and dates its records — so an edit gives a new key and the next page load
  renders afresh (nothing to invalidate, nothing stale);
- :func:`block` adds the language, whether the reader is signed in (the public sees no 提示),
  and a digest of the release and the templates (a deploy with changed templates renders afresh);
- a block is rendered without the request: its template sees only ``user.is_authenticated``
  (a stand-in user) and no CSRF token, so no per-user part (buttons, forms, a name) can be cached
  and shown to another reader. Per-user parts stay outside the block in the page's template.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from jixiao import __version__
from jixiao.web.pages import analysis

FRAGMENT_CACHE = analysis.Memo(256, "fragment")
FRAGMENT_CACHE_NAME = "fragment"  # the Memo's name: shared keys are ``jixiao:fragment:<sha1>``


@dataclass(frozen=True)
class Viewer:
    """What a cached block may know of its reader: signed in or not (nothing else)."""

    is_authenticated: bool


@dataclass(frozen=True)
class BlockRequest:
    """The stand-in ``request`` a block's template sees (tags that ask ``request.user``)."""

    user: Viewer


@functools.lru_cache(maxsize=1)
def templates_stamp() -> str:
    """A digest of the release and the web app's template files (taken once per process; the same on
    every machine of a release): a deploy that changes a template or a partial gives new keys."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(root.glob("*/templates/**/*.html")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def viewer(request: Any) -> Viewer:
    return Viewer(bool(getattr(getattr(request, "user", None), "is_authenticated", False)))


def render(request: Any, template: str, context: dict[str, Any]) -> SafeString:
    """``template`` rendered without the request: it sees ``user.is_authenticated`` only."""
    seen = viewer(request)
    html = render_to_string(template, {**context, "user": seen, "request": BlockRequest(seen)})
    return mark_safe(html.strip())  # an empty block is false in the page's ``{% if %}``


def cached(request: Any, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()`` (blocks rendered with :func:`render` and what goes with them, e.g. the counts
    a page's header shows), cached under ``key`` plus the language, whether the reader is signed
    in and the templates' stamp. ``key`` names the records and their versions (module notes)."""
    full = (key, get_language(), viewer(request).is_authenticated, templates_stamp())
    return FRAGMENT_CACHE.get(full, compute)


def block(
    request: Any,
    template: str,
    key: tuple[Any, ...],
    context: Callable[[], dict[str, Any]],
) -> SafeString:
    """The HTML of ``template`` rendered with ``context()``, cached under ``key`` (see
    :func:`cached`); ``context`` is called only when not cached."""
    return mark_safe(cached(request, (template, *key), lambda: str(render(request, template, context()))))
