"""Login lock-out by django-axes: per username AND address, a growing cool-off, the reason in
Chinese inside the site's layout, lifted by an administrator; the old hand-written throttle is gone."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from jixiao.web.workflow import lockout

pytestmark = pytest.mark.django_db

PASSWORD = "jixiao-clerk-2026"


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", password=PASSWORD)


def _fail(client: Client, n: int, name: str = "clerk"):
    r = None
    for _ in range(n):
        r = client.post(reverse("pages:login"), {"username": name, "password": "wrong"})
    return r


def test_locked_from_one_address_not_from_another(clerk):
    here = Client(REMOTE_ADDR="10.0.0.1")
    r = _fail(here, 4)
    assert r.status_code == 200 and "errorlist" in r.content.decode() and "锁定" not in r.content.decode()
    r = _fail(here, 1)  # the fifth failure locks the pair
    assert r.status_code == 429
    r = here.post(reverse("pages:login"), {"username": "clerk", "password": PASSWORD})
    assert r.status_code == 429 and "_auth_user_id" not in here.session  # even the right password
    there = Client(REMOTE_ADDR="10.0.0.2")
    r = there.post(reverse("pages:login"), {"username": "clerk", "password": PASSWORD})
    assert r.status_code == 302 and "_auth_user_id" in there.session
    # the locked address may still log in as somebody else
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("clerk2", password="jixiao-clerk2-2026")
    r = here.post(reverse("pages:login"), {"username": "clerk2", "password": "jixiao-clerk2-2026"})
    assert r.status_code == 302


def test_lockout_page_is_chinese_inside_the_layout(clerk):
    client = Client(REMOTE_ADDR="10.0.0.3")
    r = _fail(client, 5, name="Clerk ")  # counted case-insensitively, spaces trimmed
    html = r.content.decode()
    assert r.status_code == 429
    assert "登录失败次数过多：该账号在此地址已被暂时锁定，请 15 分钟后再试。" in html
    assert 'class="menu' in html or "<nav" in html  # the site's layout, not a bare text page
    assert 'name="username"' in html  # the login form stays there
    assert lockout.failures("clerk", "10.0.0.3") == 5


def test_cool_off_grows_with_each_try_while_locked(clerk):
    assert [lockout.cool_off_for(n) for n in (1, 5, 6, 7, 8)] == [
        dt.timedelta(minutes=15),
        dt.timedelta(minutes=15),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=1),
        dt.timedelta(hours=2),
    ]
    assert lockout.cool_off_for(40) == dt.timedelta(hours=24)
    client = Client(REMOTE_ADDR="10.0.0.4")
    _fail(client, 5)
    r = _fail(client, 1)  # a try while locked counts and doubles the wait
    assert "请 30 分钟后再试" in r.content.decode()
    r = _fail(client, 1)
    assert "请 1 小时后再试" in r.content.decode()
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="clerk", ip_address="10.0.0.4")
    left = attempt.expiration.expires_at - attempt.attempt_time
    assert dt.timedelta(minutes=59) < left <= dt.timedelta(hours=1)


def test_lock_expires_and_success_resets(clerk):
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR="10.0.0.5")
    _fail(client, 5)
    past = AccessAttempt.objects.get(username="clerk").attempt_time - dt.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=past)
    AccessAttempt.objects.get().expiration.__class__.objects.update(expires_at=past + dt.timedelta(minutes=15))
    r = client.post(reverse("pages:login"), {"username": "clerk", "password": PASSWORD})
    assert r.status_code == 302
    assert lockout.failures("clerk", "10.0.0.5") == 0


def test_every_login_form_is_covered_and_admin_resets(clerk, admin_client):
    request = RequestFactory().post("/admin/login/", {"username": "clerk"}, REMOTE_ADDR="10.0.0.6")
    assert authenticate(request, username="clerk", password=PASSWORD) is not None
    _fail(Client(REMOTE_ADDR="10.0.0.6"), 5)
    request = RequestFactory().post("/admin/login/", {"username": "clerk"}, REMOTE_ADDR="10.0.0.6")
    assert authenticate(request, username="clerk", password=PASSWORD) is None
    # the administrator lifts the lock in the admin: the entry is listed (in Chinese) and deleted
    from axes.models import AccessAttempt

    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "登录失败记录" in listing.content.decode()
    pk = AccessAttempt.objects.get(username="clerk").pk
    r = admin_client.post(f"/admin/axes/accessattempt/{pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not AccessAttempt.objects.exists()
    r = Client(REMOTE_ADDR="10.0.0.6").post(reverse("pages:login"), {"username": "clerk", "password": PASSWORD})
    assert r.status_code == 302


def test_the_hand_written_throttle_is_gone():
    assert importlib.util.find_spec("jixiao.web.workflow.throttle") is None
