import importlib
import random

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.seed import SeedContext, seeders


class Command(BaseCommand):
    help = "生成演示数据（一个 12345 热线局：部门、各角色账号、一年的业务记录）。同一天重复运行不产生变化。"

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            try:
                importlib.import_module(f"{config.name}.seed")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.seed":
                    raise
        today = timezone.localdate()
        ctx = SeedContext(today=today, rng=random.Random(20210101))
        with transaction.atomic():
            for _order, name, func in seeders():
                func(ctx)
                self.stdout.write(f"  · {name}")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号："))
        for label, username, password in ctx.logins:
            self.stdout.write(f"  {label:<10} 用户名 {username:<12} 密码 {password}")
        for note in ctx.notes:
            self.stdout.write(f"  {note}")
