from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin  # noqa: F401 - registers the user admin first (this app loads before it)
from django.contrib.auth import get_user_model

from jixiao.web.api.models import Token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "short_key", "created", "last_used", "expires", "revoked")
    list_filter = ("user",)
    readonly_fields = ("prefix", "created", "last_used", "revoked")
    fields = ("user", "name", "prefix", "created", "last_used", "expires", "revoked")
    ordering = ("-created", "-id")
    actions = ["revoke_tokens"]

    def has_add_permission(self, request) -> bool:
        return False  # a key is issued by the user action below (shown once), never typed in

    @admin.display(description="令牌")
    def short_key(self, obj: Token) -> str:
        return f"{obj.prefix}…"

    @admin.action(description="停用所选令牌")
    def revoke_tokens(self, request, queryset):
        for token in queryset:
            token.revoke()
        self.message_user(request, f"已停用 {queryset.count()} 个令牌", messages.SUCCESS)


@admin.action(description="为所选用户创建接口令牌")
def create_tokens(modeladmin, request, queryset):
    for user in queryset.order_by("id"):
        _token, key = Token.issue(user, "管理后台创建")
        modeladmin.message_user(request, f"{user.get_username()} 的新令牌（只显示这一次）：{key}", messages.SUCCESS)


def _add_user_action() -> None:
    user_admin = admin.site._registry.get(get_user_model())
    if user_admin is not None:
        actions = list(user_admin.actions or [])
        if create_tokens not in actions:
            user_admin.actions = [*actions, create_tokens]


_add_user_action()
