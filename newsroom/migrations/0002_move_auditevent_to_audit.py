"""
The audit event now belongs to the audit app (audit/migrations/0001_initial):
forget it here without touching its table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
