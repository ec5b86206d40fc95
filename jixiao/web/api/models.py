"""API tokens: ``Authorization: Bearer <key>``.

A key is shown once, when it is issued; the database keeps only its first characters (to tell
tokens apart) and its SHA-256 digest, so a copy of the database does not give anyone a key. A
token can expire and can be revoked."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8


def new_key() -> str:
    return secrets.token_hex(20)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Token(models.Model):
    prefix = models.CharField("令牌前缀", max_length=PREFIX_LENGTH, db_index=True)
    digest = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name="用户")
    name = models.CharField("用途", max_length=100, blank=True, default="")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    expires = models.DateTimeField("过期时间", null=True, blank=True)
    revoked = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @classmethod
    def issue(cls, user, name: str = "", days: int | None = None) -> tuple[Token, str]:
        """A new token and its key; the key is returned this once and never stored."""
        key = new_key()
        expires = timezone.now() + timedelta(days=days) if days else None
        token = cls.objects.create(
            user=user, name=name, prefix=key[:PREFIX_LENGTH], digest=digest(key), expires=expires
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> Token | None:
        """The token of ``key`` if it exists, is not revoked and has not expired."""
        token = cls.objects.select_related("user").filter(digest=digest(key.strip())).first()
        if token is None or not token.usable:
            return None
        return token

    @property
    def usable(self) -> bool:
        now = timezone.now()
        return self.revoked is None and (self.expires is None or self.expires > now) and self.user.is_active

    def revoke(self) -> None:
        if self.revoked is None:
            self.revoked = timezone.now()
            self.save(update_fields=["revoked"])
