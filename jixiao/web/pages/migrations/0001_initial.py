import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("store", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file_name", models.CharField(max_length=255, verbose_name="文件名")),
                ("raw", models.BinaryField(verbose_name="文件内容")),
                ("size", models.PositiveIntegerField(default=0, verbose_name="大小（字节）")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("queued", "排队等待"),
                            ("reading", "正在读取文件"),
                            ("storing", "正在入库"),
                            ("checking", "正在检查"),
                            ("done", "已完成"),
                            ("failed", "失败"),
                        ],
                        default="queued",
                        max_length=16,
                        verbose_name="进度",
                    ),
                ),
                ("percent", models.PositiveSmallIntegerField(default=0, verbose_name="完成百分比")),
                ("message", models.TextField(blank=True, default="", verbose_name="说明")),
                ("task_id", models.CharField(blank=True, default="", max_length=64, verbose_name="后台任务编号")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
                ("updated", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="store.sourcedocument",
                        verbose_name="导入结果",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传人",
                    ),
                ),
            ],
            options={"verbose_name": "导入任务", "verbose_name_plural": "导入任务", "ordering": ["-created", "-id"]},
        ),
    ]
