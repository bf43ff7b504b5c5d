"""How the edge purges are going, for operators (`purge_status`, `/readyz`)."""

import datetime

from django.utils import timezone

from pagecache import purgers

TASK_PATH = "pagecache.tasks.purge_edge"


def purge_status(since=datetime.timedelta(days=1)):
    """
    {"edges": names configured, "waiting": purges queued or retrying,
    "failed": [(finished_at, edge, error)] given up on since `since`}.
    """
    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.filter(task_path=TASK_PATH)
    failed = results.filter(status="FAILED", finished_at__gte=timezone.now() - since).order_by(
        "-finished_at"
    )
    return {
        "edges": sorted(purgers.configured()),
        "waiting": results.filter(status__in=["READY", "RUNNING"]).count(),
        "failed": [
            (
                result.finished_at,
                (result.args_kwargs.get("args") or ["?"])[0],
                result.traceback.strip().splitlines()[-1] if result.traceback else "",
            )
            for result in failed[:20]
        ],
    }
