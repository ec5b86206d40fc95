from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from jixiao.web.api.models import Token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "short_key", "created", "last_used")
    list_filter = ("user",)
    readonly_fields = ("key", "created", "last_used")
    fields = ("user", "name", "key", "created", "last_used")
    ordering = ("-created", "-id")

    @admin.display(description="令牌")
    def short_key(self, obj: Token) -> str:
        return f"{obj.key[:6]}…"


@admin.action(description="为所选用户创建接口令牌")
def create_tokens(modeladmin, request, queryset):
    for user in queryset.order_by("id"):
        token = Token.objects.create(user=user, name="管理后台创建")
        modeladmin.message_user(request, f"{user.get_username()} 的新令牌：{token.key}", messages.SUCCESS)


def _add_user_action() -> None:
    user_admin = admin.site._registry.get(get_user_model())
    if user_admin is not None:
        actions = list(user_admin.actions or [])
        if create_tokens not in actions:
            user_admin.actions = [*actions, create_tokens]


_add_user_action()
