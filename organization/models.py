"""Departments, people (with or without a login), memberships and the unit itself."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import SingletonModel


class Department(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", "处（室）"
        TEAM = "team", "队"
        STATION = "station", "所"
        PARTY = "party", "党组织"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self", verbose_name="上级部门", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField("排序", default=0)
    head = models.ForeignKey(
        "Person", verbose_name="部门负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A named person: a 责任人 in a ledger need not have a login."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    title = models.CharField("职务", max_length=100, blank=True)
    is_leader = models.BooleanField("党组成员/领导", default=False)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name="所在部门", through="Membership", related_name="members", blank=True
    )
    is_active = models.BooleanField("在职", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name}（{self.title}）" if self.title else self.name


class Membership(models.Model):
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.CASCADE, related_name="memberships"
    )
    position = models.CharField("岗位", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门成员"
        verbose_name_plural = "部门成员"
        constraints = [models.UniqueConstraint(fields=["person", "department"], name="uniq_membership")]

    def __str__(self):
        return f"{self.department} · {self.person.name}"


class UnitProfile(SingletonModel):
    """The unit this installation serves; exactly one row (pk=1)."""

    name = models.CharField("单位名称", max_length=100, default="某局")
    party_group_name = models.CharField("党组名称", max_length=100, blank=True)
    superior_body = models.CharField("上级纪检机构", max_length=100, blank=True)
    principal_leader = models.ForeignKey(
        Person, verbose_name="主要负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "单位信息"
        verbose_name_plural = "单位信息"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="unit_profile_singleton")]

    def __str__(self):
        return self.name


class DepartmentAlias(models.Model):
    """Another name a ledger uses for a department (机关纪委 = 纪检监察室): an import matches it."""

    alias = models.CharField("别名", max_length=100, unique=True)
    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门别名"
        verbose_name_plural = "部门别名"
        ordering = ["alias"]

    def __str__(self):
        return f"{self.alias} → {self.department.name}"

    def clean(self):
        self.alias = " ".join(unicodedata.normalize("NFKC", self.alias or "").split())
        if Department.objects.filter(name=self.alias).exists():
            raise ValidationError({"alias": f"已有名为“{self.alias}”的部门，无需设为别名"})


class PersonAlias(models.Model):
    """Another spelling of a person's name in ledgers; one alias names one person (unique)."""

    alias = models.CharField("别名", max_length=50, unique=True)
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人员别名"
        verbose_name_plural = "人员别名"
        ordering = ["alias"]

    def __str__(self):
        return f"{self.alias} → {self.person.name}"

    def clean(self):
        self.alias = " ".join(unicodedata.normalize("NFKC", self.alias or "").split())
