"""Data: give every petition its own identity row, and keep every subject ever named for 回避.

Before, registration reused an earlier ``Informant`` when the phone or ID number matched, so one
row (and one right to see it) covered several petitions. Here each petition after the first of a
shared row gets its own copy: the same ciphertext and fingerprints (nothing is decrypted, so no key
is needed), the same pseudonymous code (codes written on paper stay valid). View logs and the
petitions' history are pointed at the petition's own row.

``PetitionRecusal`` is filled from every ``subject_person`` a petition has had, current or in its
history, so that petitions escalated before this change stay hidden from the person they were about
wherever the history still names them.
"""

from django.db import migrations

COPIED = (
    "code", "year", "seq", "name_ct", "phone_ct", "id_number_ct", "address_ct", "phone_hmac", "id_number_hmac",
    "created_at", "created_by_id",
)  # fmt: skip


def split_informants(apps, schema_editor):
    Informant = apps.get_model("petitions", "Informant")
    Petition = apps.get_model("petitions", "Petition")
    HistoricalPetition = apps.get_model("petitions", "HistoricalPetition")
    IdentityViewLog = apps.get_model("petitions", "IdentityViewLog")

    shared = {}
    for petition_id, informant_id in (
        Petition.objects.filter(informant__isnull=False).order_by("informant_id", "pk").values_list("pk", "informant_id")
    ):
        shared.setdefault(informant_id, []).append(petition_id)
    for informant_id, petition_ids in shared.items():
        if len(petition_ids) < 2:
            continue
        original = Informant.objects.get(pk=informant_id)
        for petition_id in petition_ids[1:]:
            copy = Informant.objects.create(**{f: getattr(original, f) for f in COPIED})
            Petition.objects.filter(pk=petition_id).update(informant_id=copy.pk)
            HistoricalPetition.objects.filter(id=petition_id, informant_id=informant_id).update(informant_id=copy.pk)
            IdentityViewLog.objects.filter(petition_id=petition_id, informant_id=informant_id).update(
                informant_id=copy.pk
            )


def remember_subjects(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    HistoricalPetition = apps.get_model("petitions", "HistoricalPetition")
    PetitionRecusal = apps.get_model("petitions", "PetitionRecusal")
    Person = apps.get_model("organization", "Person")

    pairs = set(Petition.objects.filter(subject_person__isnull=False).values_list("pk", "subject_person_id"))
    pairs |= set(
        HistoricalPetition.objects.filter(subject_person_id__isnull=False)
        .values_list("id", "subject_person_id")
        .distinct()
    )
    existing_petitions = set(Petition.objects.values_list("pk", flat=True))
    existing_people = set(Person.objects.values_list("pk", flat=True))
    PetitionRecusal.objects.bulk_create(
        [
            PetitionRecusal(petition_id=p, person_id=s)
            for p, s in sorted(pairs)
            if p in existing_petitions and s in existing_people
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0002_role_groups"),
        ("petitions", "0006_informant_per_petition_and_recusals"),
    ]

    operations = [
        migrations.RunPython(split_informants, migrations.RunPython.noop),
        migrations.RunPython(remember_subjects, migrations.RunPython.noop),
    ]
