"""Login lock-out with django-axes: per username AND address, a cool-off that grows.

django-axes (a maintained library; it replaced the hand-written ``throttle`` module) counts failed
logins in its own tables (``axes.AccessAttempt``, on SQLite and PostgreSQL alike) and refuses a
locked-out username+address pair through its backend (first in ``AUTHENTICATION_BACKENDS``, so the
admin's login is covered too). This module holds the three things axes asks of the site
(settings ``AXES_*`` in :mod:`jixiao.web.settings`):

- :func:`username` — the username as counted: trimmed and lower-cased, so ``Clerk`` and ``clerk``
  are one account;
- :func:`cool_off` — how long a pair stays locked: ``BASE`` after ``FAILURE_LIMIT`` failures,
  doubled for every further failure while locked (each refused try counts: axes' default
  ``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``), at most ``LONGEST``;
- :func:`lockout_response` — the login page in the site's layout with the Chinese reason and
  the time left (HTTP 429), never a bare page.

A locked user is locked only from that address: from another address the right password works.
An administrator lifts a lock by deleting the entry under 登录限制 → 登录失败记录 in ``/admin/``
(or ``python -m jixiao.web axes_reset_username USERNAME``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest, HttpResponse

FAILURE_LIMIT = 5
BASE = dt.timedelta(minutes=15)
LONGEST = dt.timedelta(hours=24)


class LockoutBackend(AxesStandaloneBackend):
    """axes' gate (first in ``AUTHENTICATION_BACKENDS``). A login without a request (``Client.login``
    in tests, a script) has no address to count by, so axes has nothing to say about it; every
    login form passes the request."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """The username a failure is counted under (``AXES_USERNAME_CALLABLE``)."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("username")
    return str(value or "")[:150].strip().lower()


def failures(name: str, address: str) -> int:
    """Failed logins currently counted for this username from this address."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    total = AccessAttempt.objects.filter(username=name, ip_address=address).aggregate(n=Sum("failures_since_start"))
    return int(total["n"] or 0)


def cool_off_for(count: int) -> dt.timedelta:
    """The lock's length after ``count`` failures: 15 min at the limit, doubled for each one more."""
    extra = max(0, count - FAILURE_LIMIT)
    if extra >= 7:  # 15 min × 2^7 is already more than a day
        return LONGEST
    return min(BASE * (2**extra), LONGEST)


def cool_off(request: HttpRequest | None) -> dt.timedelta:
    """``AXES_COOLOFF_TIME``: the cool-off of the username+address this request is about."""
    if request is None:
        return BASE
    name = username(request, getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    if not name or not address:
        return BASE
    return cool_off_for(failures(name, str(address)))


def wait_text(delta: dt.timedelta) -> str:
    """``15 分钟``, ``2 小时``, ``1 小时 30 分钟`` (rounded up to whole minutes)."""
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} 小时"] if hours else []) + ([f"{minutes} 分钟"] if minutes else [])
    return " ".join(parts)


def message(delta: dt.timedelta) -> str:
    wait = wait_text(delta)
    return f"登录失败次数过多：该账号在此地址已被暂时锁定，请 {wait}后再试。如需提前解锁，请联系系统管理员。"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page (in the layout) with the reason, status 429."""
    from django.contrib.auth.forms import AuthenticationForm
    from django.shortcuts import render

    name = username(request, credentials)
    delta = cool_off(request)
    form = AuthenticationForm(request, initial={"username": name})
    context = {"form": form, "locked_message": message(delta), "next": request.POST.get("next", "")}
    return render(request, "pages/login.html", context, status=429)
