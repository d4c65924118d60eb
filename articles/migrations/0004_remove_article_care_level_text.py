"""The single care card's fields are gone: the care cards (0003) replace them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_care_cards")]

    operations = [
        migrations.RemoveField(model_name="article", name="care_level"),
        migrations.RemoveField(model_name="article", name="care_text"),
    ]
