"""
Shared start-up for the benchmark scripts: a database of their own.

`use_database(url)` points Django at `url`, or at a fresh SQLite file in a
temporary folder when none is given, and sets Django up. Benchmarks never
touch the development database.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def use_database(url=None, name="bench"):
    if not url:
        folder = Path(tempfile.gettempdir()) / "newsroom-bench"
        folder.mkdir(exist_ok=True)
        url = f"sqlite:///{folder / name}.sqlite3"
    os.environ["DATABASE_URL"] = url
    # Production static files (whitenoise's manifest), collected once per machine.
    os.environ.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "newsroom-bench-static"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "benchmarks-only-not-a-secret")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    return url


def ensure_corpus(articles, seed=1):
    """Migrate and generate the corpus unless this database already holds it."""
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    existing = Article.objects.filter(slug__contains=f"-s{seed}-").count()
    if existing != articles:
        if existing:
            raise SystemExit(
                f"The benchmark database holds a different corpus ({existing} articles); "
                "delete it or pass another --database-url."
            )
        call_command("generate_corpus", articles=articles, seed=seed)
