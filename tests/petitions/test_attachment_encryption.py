"""Petition attachments are stored encrypted with the identity keys and decrypted only on download."""

import os

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from petitions import file_crypto, services
from petitions.models import PetitionAttachment
from tests.petitions.factories import REPORTER, register
from tests.uploads import sample_upload

pytestmark = pytest.mark.django_db


def _stored(attachment):
    attachment.refresh_from_db()
    with attachment.file.storage.open(attachment.file.name, "rb") as handle:
        return handle.read()


def _download(api_as, user, attachment):
    url = reverse("petition-download", args=[attachment.petition_id, attachment.pk])
    response = api_as(user).get(url)
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_an_attachment_naming_the_reporter_is_stored_encrypted_and_downloads_in_clear(inspector, api_as):
    petition = register(inspector)
    upload = sample_upload("来信.txt", text=f"举报人{REPORTER.name}，电话{REPORTER.phone}")
    attachment = services.attachment_add(user=inspector, petition=petition, upload=upload)

    stored = _stored(attachment)
    assert stored.startswith(file_crypto.MAGIC)
    assert REPORTER.name.encode() not in stored and REPORTER.phone.encode() not in stored
    response, body = _download(api_as, inspector, attachment)
    assert response.status_code == 200
    assert body.decode() == f"举报人{REPORTER.name}，电话{REPORTER.phone}"
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_file_of_several_chunks_round_trips(inspector, api_as):
    petition = register(inspector)
    text = "某某反映情况。" * (3 * file_crypto.CHUNK // 21 + 5)  # a bit over three chunks
    attachment = services.attachment_add(user=inspector, petition=petition, upload=sample_upload("长.txt", text=text))
    assert _stored(attachment).count(b"\n") == 1 + 4  # header + four chunk tokens
    assert _download(api_as, inspector, attachment)[1] == text.encode()


def test_reordered_chunks_are_refused(settings):
    data = os.urandom(2 * file_crypto.CHUNK + 10)
    encrypted = file_crypto.encrypt_to_file(ContentFile(data)).read()
    header, first, second, third, _ = encrypted.split(b"\n")
    for forged in (b"\n".join([header, second, first, third]), b"\n".join([header, first, second])):
        with pytest.raises(InvalidToken):
            b"".join(file_crypto.decrypt_chunks(ContentFile(forged + b"\n")))


def test_key_rotation_re_encrypts_attachments(inspector, api_as, settings, django_capture_on_commit_callbacks):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.IDENTITY_ENCRYPTION_KEYS = [old]
    attachment = services.attachment_add(
        user=inspector, petition=register(inspector), upload=sample_upload("信.txt", text="原件")
    )
    before_name, before = attachment.file.name, _stored(attachment)

    settings.IDENTITY_ENCRYPTION_KEYS = [new, old]
    with django_capture_on_commit_callbacks(execute=True):  # old files are removed after commit
        call_command("rotate_identity_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.IDENTITY_ENCRYPTION_KEYS = [new]  # the old key is dropped after rotation

    after = _stored(attachment)
    assert after != before and after.startswith(file_crypto.MAGIC)
    assert not attachment.file.storage.exists(before_name)
    assert _download(api_as, inspector, attachment)[1] == "原件".encode()


def test_rotation_without_the_old_key_changes_nothing(inspector, settings):
    settings.IDENTITY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    attachment = services.attachment_add(user=inspector, petition=register(inspector), upload=sample_upload("信.txt"))
    name, before = attachment.file.name, _stored(attachment)
    settings.IDENTITY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        file_crypto.rotate_all_files(PetitionAttachment)
    attachment.refresh_from_db()
    assert attachment.file.name == name and _stored(attachment) == before
    assert sorted(os.listdir(os.path.dirname(attachment.file.path))) == [os.path.basename(name)]


def test_a_missing_key_is_a_clear_503_not_a_broken_download(inspector, api_as, settings):
    attachment = services.attachment_add(user=inspector, petition=register(inspector), upload=sample_upload("信.txt"))
    settings.IDENTITY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    response, _ = _download(api_as, inspector, attachment)
    assert response.status_code == 503 and "密钥" in response.json()["message"]


def test_the_data_migration_encrypts_files_stored_in_clear(inspector, api_as):
    petition = register(inspector)
    attachment = PetitionAttachment(petition=petition, original_name="旧.txt", size=9, uploaded_by=inspector)
    attachment.file.save("旧.txt", ContentFile(REPORTER.name.encode()), save=False)
    attachment.save()
    assert _download(api_as, inspector, attachment)[1] == REPORTER.name.encode()  # clear files still download

    assert file_crypto.encrypt_existing(PetitionAttachment) == 1
    assert file_crypto.encrypt_existing(PetitionAttachment) == 0  # safe to run twice
    stored = _stored(attachment)
    assert stored.startswith(file_crypto.MAGIC) and REPORTER.name.encode() not in stored
    assert _download(api_as, inspector, attachment)[1] == REPORTER.name.encode()
