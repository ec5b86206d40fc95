"""Workflow tables of their own: failed logins (for throttling)."""

from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    """One failed login: counted per username + IP over a sliding window (see :mod:`.throttle`)."""

    username = models.CharField("用户名", max_length=150, db_index=True)
    ip = models.CharField("IP 地址", max_length=64)
    when = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败记录"
        ordering = ["-when", "-id"]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip} {self.when:%Y-%m-%d %H:%M:%S}"
