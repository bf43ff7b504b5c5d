"""
The task queue's own admin page lists every task's arguments and tracebacks
to anyone who may view it; the desk keeps it out, and operators read edge
purges with `manage.py purge_status` instead (docs/operations.md).
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
