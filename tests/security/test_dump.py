"""The insider with a copy: after the demo data and registrations with known reporters, neither a
database dump nor the bytes of MEDIA_ROOT name any of them.

Run on SQLite and on PostgreSQL (DATABASE_URL). The token half of the check is in test_dump_tokens.py.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from petitions.identity import Identity
from tests.petitions.factories import category
from tests.security.dump import dumpdata_hits, media_file_count, media_hits, table_hits
from tests.uploads import sample_upload

pytestmark = pytest.mark.django_db

REPORTERS = [
    Identity(name="皇甫保密甲", phone="13811112222", id_number="110101198003074518", address="保密市一号街"),
    Identity(name="令狐保密乙", phone="15933334444", id_number="44030419751231002X", address=""),
]
SECRETS = [v for r in REPORTERS for v in (r.name, r.phone, r.id_number, r.address) if v]


def _register(client, reporter):
    body = {
        "received_at": "2026-01-05T09:30:00+08:00",
        "channel": "letter",
        "kind": "complaint",
        "is_named": True,
        "category": category().pk,
        "summary": "反映某干部违规吃喝",
        "content": "详见来信原件",
        "informant": reporter.as_dict(),
    }
    response = client.post(reverse("petition-list"), body, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    letter = f"举报人：{reporter.name}\n电话：{reporter.phone}\n身份证号：{reporter.id_number}\n"
    for name in ("来信原件.txt", "来信扫描.pdf", "补充材料.docx"):
        upload = sample_upload(name, text=letter)
        response = client.post(reverse("petition-attachments", args=[pk]), {"file": upload}, format="multipart")
        assert response.status_code == 201, response.content
    return pk


def _register_and_read(client):
    pks = [_register(client, reporter) for reporter in REPORTERS]
    # the supervisor reads the identity and downloads a file: views and downloads leave logs behind
    assert client.get(reverse("petition-identity", args=[pks[0]])).status_code == 200
    attachment = client.get(reverse("petition-attachments", args=[pks[0]])).json()[0]["id"]
    download = client.get(reverse("petition-download", args=[pks[0], attachment]))
    assert REPORTERS[0].name.encode() in b"".join(download.streaming_content)  # the files do hold the name
    return pks


@pytest.fixture
def registered(api_as, supervisor):
    return _register_and_read(api_as(supervisor))


def test_a_dump_and_a_copy_of_media_root_name_no_test_reporter(api_as, supervisor):
    # One test for the three scans: seed_demo is the slow part, so it runs once.
    call_command("seed_demo", verbosity=0)
    _register_and_read(api_as(supervisor))

    assert table_hits(SECRETS) == []
    assert dumpdata_hits(SECRETS) == []
    assert media_file_count() >= 2 * 3  # the scan has the uploaded files to read
    assert media_hits(SECRETS) == []


def test_the_scans_would_see_a_name_stored_in_clear(registered, settings):
    # Guard against a vacuous pass: plaintext put in a table or a file is found by the same scans.
    from petitions.models import PetitionEvent

    PetitionEvent.objects.filter(pk=PetitionEvent.objects.first().pk).update(note=REPORTERS[0].phone)
    assert table_hits(SECRETS) == [("petitions_petitionevent", REPORTERS[0].phone)]
    assert dumpdata_hits(SECRETS) == [REPORTERS[0].phone]
    leak = Path(settings.MEDIA_ROOT) / "leak.txt"
    leak.write_bytes(REPORTERS[1].name.encode("gbk"))
    assert media_hits(SECRETS) == [("leak.txt", REPORTERS[1].name)]
