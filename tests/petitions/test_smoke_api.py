from django.urls import reverse

from tests.petitions.factories import REPORTER, category


def test_register_and_read(api_as, inspector):
    client = api_as(inspector)
    body = {
        "received_at": "2026-11-20T10:00:00+08:00",
        "channel": "hotline",
        "kind": "complaint",
        "is_named": True,
        "category": category().pk,
        "summary": "态度差",
        "content": "内容",
        "informant": REPORTER.as_dict(),
    }
    r = client.post(reverse("petition-list"), body, format="json")
    assert r.status_code == 201, r.json()
    print(r.json())
    r = client.get(reverse("petition-list"))
    assert r.status_code == 200, r.json()
    print(r.json())
