"""Shared factories for the foundation's models; app factories live beside their tests."""

import factory
from django.contrib.auth import get_user_model

from organization.models import Department, Membership, Person
from organization.roles import assign_roles

PASSWORD = "Test@pass123"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"部门{n}")
    order = factory.Sequence(lambda n: n)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"人员{n}")

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        for dept in extracted or []:
            Membership.objects.create(person=self, department=dept)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


def make_user(*roles, departments=(), username=None, person_name=None, superuser=False, **person_kwargs):
    """A user with the given roles and a Person in the given departments."""
    kwargs = {"username": username} if username else {}
    user = UserFactory(**kwargs)
    if superuser:
        user.is_superuser = user.is_staff = True
    user.save()
    person = PersonFactory(
        name=person_name or f"{user.username}本人", user=user, departments=list(departments), **person_kwargs
    )
    if roles:
        assign_roles(user, *roles)
    user.refresh_from_db()
    user.person_obj = person
    return user
