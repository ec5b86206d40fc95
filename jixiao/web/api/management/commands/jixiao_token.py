"""``python -m jixiao.web jixiao_token USERNAME [--name 用途] [--days N]``: issue an API token and print its key
(the only time it is shown: the database keeps its digest), or ``--revoke PREFIX`` to stop one."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jixiao.web.api.models import Token


class Command(BaseCommand):
    help = "为用户创建接口令牌（Authorization: Bearer <令牌>）并打印出来"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="命令行创建", help="令牌用途说明")
        parser.add_argument("--days", type=int, default=None, help="有效天数（默认不过期）")
        parser.add_argument("--revoke", default=None, metavar="PREFIX", help="停用该用户以此前缀开头的令牌")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在")
        if options["revoke"]:
            tokens = Token.objects.filter(user=user, prefix__startswith=options["revoke"][:8], revoked=None)
            for token in tokens:
                token.revoke()
            self.stdout.write(f"已停用 {len(tokens)} 个令牌")
            return
        _token, key = Token.issue(user, options["name"], options["days"])
        self.stdout.write(key)
