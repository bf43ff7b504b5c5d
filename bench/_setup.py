"""
Shared start-up for the benchmark scripts: a database of their own, and
gunicorn on 127.0.0.1.

`use_database(url)` points Django at `url`, or at a fresh SQLite file in a
temporary folder when none is given, and sets Django up. Benchmarks never
touch the development database. `start_server` and `stop_server` run
gunicorn with `WORKERS` sync workers in a process group of its own.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKERS = 2


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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env, port, *, app="newsroom.wsgi:application", log=None):
    """
    Gunicorn serving `app` on 127.0.0.1:`port`, once its /healthz answers.
    Its output goes to the file `log`, or to this process's own.
    """
    with open(log, "w") if log else contextlib.nullcontext() as output:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                app,
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
    where = f"; see {log}" if log else ""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}{where}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"gunicorn did not start{where}")


def stop_server(server):
    """Stop gunicorn and its workers (SIGTERM, then SIGKILL after 20 s)."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass
