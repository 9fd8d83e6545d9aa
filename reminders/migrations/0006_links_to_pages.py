"""Stored links become the item's page.

Reminders and notifications used to store the item's API path, translated to the page
whenever one was shown; new ones store the page. This rewrites the old rows once, so
nothing needs translating. Only links exactly of the form ``<api prefix><pk>/`` (what the
reminder catalog wrote) change; the tail ``<pk>/`` is the same on both sides. The page
paths are written out as they are today (web/urls.py), not reversed: a migration must not
depend on a URLconf that may change after it.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

API_TO_PAGE = {
    "/api/v1/measures/": "/rectification/measures/",
    "/api/v1/rounds/": "/rectification/rounds/",
    "/api/v1/petitions/": "/petitions/",
    "/api/v1/petition-transfers/": "/petitions/transfers/",
    "/api/v1/clues/": "/clues/",
    "/api/v1/recommendations/": "/recommendations/",
}


def links_to_pages(apps, schema_editor):
    for model_name in ("Reminder", "Notification"):
        model = apps.get_model("reminders", model_name)
        for api, page in API_TO_PAGE.items():
            model.objects.filter(link__regex=rf"^{api}[0-9]+/$").update(
                link=Concat(Value(page), Substr("link", len(api) + 1))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0005_calendar_notice_missing_year"),
    ]

    # Backwards: nothing to undo. The older code showed a page path as it is.
    operations = [migrations.RunPython(links_to_pages, migrations.RunPython.noop)]
