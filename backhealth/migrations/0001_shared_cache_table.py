"""Create the database cache tables used when no Redis is configured (``createcachetable``).

The site-wide shared cache (rate limits, login lockouts, the content version) belongs to the
project, not to an app; kept as a migration so that ``migrate`` alone prepares a working site.
It creates only what is missing, so databases made before it moved here are unchanged.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
