from django.db import migrations

# name, is_service — the categories of DOMAIN.md §2 and the example report; editable in the admin.
CATEGORIES = [
    ("服务态度", True),
    ("电话接听", True),
    ("办事效率", True),
    ("业务差错", True),
    ("作风纪律", False),
    ("违反中央八项规定精神", False),
    ("工作纪律", False),
    ("廉洁纪律", False),
    ("群众身边腐败和作风问题", False),
    ("其他", False),
]


def seed(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for order, (name, is_service) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order * 10, "is_service": is_service})


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
