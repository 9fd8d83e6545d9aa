"""Petition attachments are encrypted at rest (petitions.file_crypto): encrypt the files stored before."""

from django.db import migrations


def encrypt_attachments(apps, schema_editor):
    from petitions.file_crypto import encrypt_existing

    encrypt_existing(apps.get_model("petitions", "PetitionAttachment"))


class Migration(migrations.Migration):
    dependencies = [("petitions", "0004_petition_version")]

    # Reversing leaves the files encrypted: the download view reads both forms.
    operations = [migrations.RunPython(encrypt_attachments, migrations.RunPython.noop)]
