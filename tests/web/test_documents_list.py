"""The documents list shows a clerk the files of which they may read some records (their unit's drafts)."""

import pytest
from django.test import Client

from jixiao.web.store import demo
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db
def test_clerk_lists_own_units_file(imported):
    demo.create_accounts()
    c = Client()
    assert c.login(username="clerk", password="jixiao-clerk-2026")
    html = c.get("/documents/").content.decode()
    goals = m.SourceDocument.objects.get(kind="goal_tables")
    assert f'/documents/{goals.pk}/' in html
