"""``python -m jixiao.web jixiao_token USERNAME [--name 用途]``: create an API token and print it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jixiao.web.api.models import Token


class Command(BaseCommand):
    help = "为用户创建接口令牌（Authorization: Bearer <令牌>）并打印出来"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="命令行创建", help="令牌用途说明")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在")
        token = Token.objects.create(user=user, name=options["name"])
        self.stdout.write(token.key)
