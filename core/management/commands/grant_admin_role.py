"""Give (or take back) the 安全管理员 or 审计员 grant from the server console.

This is how a fresh install gets its first security administrator and auditor: neither
grant can be given by the system administrator in the web admin. The change is written
to the security log like any other grant.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import separation
from core.grants import grant, revoke
from core.models import AccessGrant

KINDS = {"security_admin": AccessGrant.Kind.SECURITY_ADMIN, "auditor": AccessGrant.Kind.AUDITOR}


class Command(BaseCommand):
    help = "在服务器控制台授予或撤销安全管理员、审计员（三员分立：三人不得兼任）"

    def add_arguments(self, parser):
        parser.add_argument("role", choices=sorted(KINDS), help="security_admin（安全管理员）或 auditor（审计员）")
        parser.add_argument("username", help="登录账号")
        parser.add_argument("--reason", default="服务器控制台授权", help="授权依据")
        parser.add_argument("--revoke", action="store_true", dest="take_back", help="撤销而不是授予")

    def handle(self, *args, role, username, reason, take_back: bool, **options):
        kind = KINDS[role]
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号 {username} 不存在或已停用")
        with transaction.atomic():
            if take_back:
                count = revoke(user=user, kind=kind)
                self.stdout.write(f"已撤销 {username} 的{kind.label}授权（{count} 条）")
                return
            if AccessGrant.objects.filter(AccessGrant.active_q(), user=user, kind=kind).exists():
                self.stdout.write(f"{username} 已是{kind.label}")
                return
            try:
                separation.check_three_people(user=user, kind=kind)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            grant(user=user, kind=kind, reason=reason)
            if not user.is_staff:
                user.is_staff = True  # to reach the admin pages of grants / the security log
                user.save(update_fields=["is_staff"])
        self.stdout.write(f"已授予 {username} {kind.label}（已记入安全审计日志）")
