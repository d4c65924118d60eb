"""Formerly created the shared cache table; that moved to ``backhealth`` (its migration 0001).

Kept, empty, so that the articles migrations that follow keep their place in the graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial"), ("backhealth", "0001_shared_cache_table")]

    operations = []
