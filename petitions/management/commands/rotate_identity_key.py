from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from petitions.file_crypto import rotate_all_files
from petitions.identity import rotate_all
from petitions.models import PetitionAttachment


class Command(BaseCommand):
    help = (
        "用 IDENTITY_ENCRYPTION_KEYS 中的第一个密钥重新加密全部举报人身份信息和信访件附件。"
        "步骤：生成新密钥并放在第一位（旧密钥保留在后面）→ 重启服务 → 运行本命令 → 确认成功后再删除旧密钥。"
    )

    def handle(self, *args, **options):
        if len(settings.IDENTITY_ENCRYPTION_KEYS) < 2:
            self.stdout.write(self.style.WARNING("当前只配置了一个密钥：本次运行只会用同一密钥重新加密。"))
        try:
            # Files first: they are rewritten under new names and switched only when all succeeded.
            files = rotate_all_files(PetitionAttachment)
            count = rotate_all()
        except InvalidToken:
            raise CommandError(
                "有身份信息或附件无法用当前任何一个密钥解密：请把原来的密钥加回 IDENTITY_ENCRYPTION_KEYS 后重试，"
                "本次未做任何修改。"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"已用新密钥重新加密 {count} 位举报人的身份信息和 {files} 个信访件附件。"))
