"""
What the webhook tests share: a receiver on loopback, the task queue as a
list to run by hand (or run at once), and commits whose on-commit work runs.
"""

import contextlib
import dataclasses
import http.server
import shutil
import ssl
import subprocess
import threading
import time

import pytest
from django_tasks import task_backends


@dataclasses.dataclass
class Received:
    path: str
    headers: dict
    body: bytes


class Receiver:
    """
    An HTTP server on 127.0.0.1 that keeps what it is sent and answers with
    the statuses in `answers`, in turn (200 once they run out).
    """

    def __init__(self, tls=None):
        self.requests = []
        self.answers = []
        self.delay = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
                time.sleep(receiver.delay)
                status = receiver.answers.pop(0) if receiver.answers else 200
                with contextlib.suppress(ConnectionError):  # the sender stopped waiting
                    self.send_response(status)
                    if 300 <= status < 400:
                        self.send_header("Location", "/elsewhere")
                    self.send_header("Content-Length", "6")
                    self.end_headers()
                    self.wfile.write(b"thanks")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hooks"

    def serve(self):
        thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.serve()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate (and its key) for hooks.example.test, in one PEM file."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl makes the test certificate")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", key, "-out", cert, "-subj", "/CN=hooks.example.test"),
            *("-addext", "subjectAltName=DNS:hooks.example.test"),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.fixture
def tls_receiver(certificate):
    """The receiver behind https, with the certificate for hooks.example.test."""
    key, cert = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    receiver = Receiver(tls=context)
    receiver.serve()
    yield receiver
    receiver.stop()


@pytest.fixture
def private_addresses(settings):
    """The receiver is on loopback: allow it, as development and tests do."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


class Queue:
    """The task queue as a list (django-tasks' DummyBackend): what waits, and running it."""

    def __init__(self):
        self.done = set()

    def waiting(self, task=None):
        return [
            result
            for result in task_backends["default"].results
            if result.id not in self.done and (task is None or result.task.func is task.func)
        ]

    def run(self, result):
        self.done.add(result.id)
        return result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return Queue()


@pytest.fixture
def tasks_at_once(settings):
    """Tasks run at once, in the request, as in development."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` — the block's on-commit work runs as it ends, as a real commit's would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
