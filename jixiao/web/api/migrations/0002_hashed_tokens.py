"""API tokens are kept as a prefix and a SHA-256 digest; existing keys are converted, then dropped."""

import hashlib

from django.db import migrations, models


def hash_keys(apps, schema_editor):
    Token = apps.get_model("api", "Token")
    for token in Token.objects.all():
        token.prefix = token.key[:8]
        token.digest = hashlib.sha256(token.key.encode("utf-8")).hexdigest()
        token.save(update_fields=["prefix", "digest"])


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="token",
            name="prefix",
            field=models.CharField(db_index=True, default="", max_length=8, verbose_name="令牌前缀"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="token",
            name="digest",
            field=models.CharField(max_length=64, null=True, verbose_name="令牌摘要（SHA-256）"),
        ),
        migrations.AddField(
            model_name="token",
            name="expires",
            field=models.DateTimeField(blank=True, null=True, verbose_name="过期时间"),
        ),
        migrations.AddField(
            model_name="token",
            name="revoked",
            field=models.DateTimeField(blank=True, null=True, verbose_name="停用时间"),
        ),
        migrations.RunPython(hash_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="token", name="key"),
        migrations.AlterField(
            model_name="token",
            name="digest",
            field=models.CharField(max_length=64, unique=True, verbose_name="令牌摘要（SHA-256）"),
        ),
    ]
