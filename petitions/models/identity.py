"""Reporters (信访人/举报人) and every access to who they are.

An ``Informant`` row is the identity given for ONE petition (``Petition.informant`` is
unique): what a registrar typed for a petition is that petition's identity, and the
right to see it never reaches another petition. A returning reporter is recognised
only through the keyed fingerprints (``*_hmac``), which petitions.selectors turns into a
"疑似重复" link for users who may see both identities — never by reusing a row.
The pseudonymous ``code`` of rows split from an earlier shared record is kept (so
codes on paper stay valid) and may repeat; it reveals nothing.

Identity fields hold Fernet ciphertext only (``*_ct``); the model never decrypts.
Decryption lives in ``petitions.identity`` behind ``can_view_identity`` and writes a
view-log row each time. The history table excludes the ciphertext and the keyed
hashes, so neither a database dump nor the history reveals anybody.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.archive import DeletionRefused
from core.errors import ApplicationError

PROTECTED_FIELDS = ["name_ct", "phone_ct", "id_number_ct", "address_ct", "phone_hmac", "id_number_hmac"]


class Informant(models.Model):
    code = models.CharField("代号", max_length=20, db_index=True, help_text="化名代号，如 R2026-0034")
    year = models.PositiveIntegerField("代号年度")
    seq = models.PositiveIntegerField("代号序号")
    name_ct = models.TextField("姓名（密文）", blank=True)
    phone_ct = models.TextField("电话（密文）", blank=True)
    id_number_ct = models.TextField("证件号码（密文）", blank=True)
    address_ct = models.TextField("住址（密文）", blank=True)
    phone_hmac = models.CharField("电话指纹", max_length=64, blank=True, db_index=True)
    id_number_hmac = models.CharField("证件号码指纹", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=PROTECTED_FIELDS)

    class Meta:
        verbose_name = "信访人/举报人"
        verbose_name_plural = "信访人/举报人"
        ordering = ["-year", "-seq", "-id"]

    def __str__(self):
        return f"举报人 {self.code}"

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)


class PetitionRecusal(models.Model):
    """A person a petition was ever about (被反映人), kept for 回避 whatever happens to the content.

    报送上级 scrubs ``subject_person`` with the rest of the matter; this row stays, so the person
    reported on can still never open the petition. Never shown anywhere.
    """

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name="信访件", on_delete=models.PROTECT, related_name="recusals"
    )
    person = models.ForeignKey(
        "organization.Person", verbose_name="回避人员", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "信访件回避人员"
        verbose_name_plural = "信访件回避人员"
        constraints = [models.UniqueConstraint(fields=["petition", "person"], name="petitions_recusal_once")]

    def __str__(self):
        return f"{self.petition_id} · {self.person_id}"

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)


class IdentityAccessRequest(models.Model):
    """An inspector's request to see one petition's reporter; a supervisor decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name="信访件", on_delete=models.PROTECT, related_name="identity_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("申请理由")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "查看举报人身份申请"
        verbose_name_plural = "查看举报人身份申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "requested_by"],
                condition=Q(status="pending"),
                name="petitions_one_pending_identity_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(expires_at__isnull=False, decided_at__isnull=False),
                name="petitions_approved_request_expires",
            ),
        ]

    def __str__(self):
        return f"{self.petition} · {self.get_status_display()}"

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)


class IdentityViewLog(models.Model):
    """One row per time an identity was shown: who, when, which petition, on what basis. Append-only."""

    class Basis(models.TextChoices):
        GRANT = "grant", "专项授权"
        REGISTRAR = "registrar", "受理登记人"
        REQUEST = "request", "经批准的查看申请"

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name="信访件", on_delete=models.PROTECT, related_name="identity_views"
    )
    informant = models.ForeignKey(Informant, verbose_name="举报人", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("查看时间", default=timezone.now, db_index=True)
    basis = models.CharField("依据", max_length=16, choices=Basis.choices)
    access_request = models.ForeignKey(
        IdentityAccessRequest,
        verbose_name="查看申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="views",
    )
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    class Meta:
        verbose_name = "举报人身份查看记录"
        verbose_name_plural = "举报人身份查看记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.petition}"

    def save(self, *args, **kwargs):
        if not self._state.adding:  # append-only: a view record is never rewritten
            raise ApplicationError("身份查看记录不能修改", code="append_only", status=409)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)
