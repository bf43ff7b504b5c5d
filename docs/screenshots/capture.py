"""
Screenshots of the demo site for the README, taken in Debian's chromium.

    make screenshots

Starts the development server on a free port against a throwaway SQLite
database holding the demo content, then photographs the front page, the
founding story and Mila's profile at desktop (1280 px) and phone (390 px)
widths into this folder, and the desk's article form (the founding story)
at 1440 px and 390 px, signed in as a throwaway editor account.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "front-page": "/",
    "founding-story": "/articles/mila-partners-with-ai-sweden/",
    "mila-profile": "/organizations/mila/",
}
MAP_PAGE = "/organizations/mila/?hops=2"
WIDTHS = {"desktop": 1280, "phone": 390}
DESK_WIDTHS = {"": 1440, "-phone": 390}
DESK_USER = "screenshots"
DESK_PASSWORD = "screenshots-only-" + os.urandom(6).hex()
MAKE_EDITOR = f"""
from django.contrib.auth.models import Group, User
from organizations.models import Person
user = User.objects.create_user({DESK_USER!r}, password={DESK_PASSWORD!r}, is_staff=True,
                                first_name="Edith", last_name="Reporter")
user.groups.add(Group.objects.get(name="Editor"))
Person.objects.create(name="Edith Reporter", slug="edith-reporter", account=user)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def main():
    with tempfile.TemporaryDirectory() as workdir:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{workdir}/screenshots.sqlite3",
            "MEDIA_ROOT": f"{workdir}/media",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*manage, "shell", "-c", MAKE_EDITOR], env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for device, width in WIDTHS.items():
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    for name, path in PAGES.items():
                        page.goto(base + path)
                        target = HERE / f"{name}-{device}.png"
                        page.screenshot(path=target, full_page=True)
                        print(target.relative_to(ROOT))
                    # The relationship map, two steps out, as far as the window shows it.
                    page.goto(base + MAP_PAGE)
                    page.locator("#map-heading").scroll_into_view_if_needed()
                    page.evaluate("document.querySelector('#map-heading').scrollIntoView()")
                    target = HERE / f"mila-map-{device}.png"
                    page.screenshot(path=target)
                    print(target.relative_to(ROOT))
                    page.close()
                for suffix, width in DESK_WIDTHS.items():
                    desk_screenshot(browser, base, width, HERE / f"desk-article-form{suffix}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


def desk_screenshot(browser, base, width, target):
    """The founding story's form on the desk, once its live preview has drawn."""
    page = browser.new_page(viewport={"width": width, "height": 1100})
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(DESK_USER)
    page.get_by_label("Password").fill(DESK_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(base + "/admin/articles/article/")
    page.get_by_role("link", name="Mila and AI Sweden", exact=False).first.click()
    page.wait_for_function(
        "() => { const f = document.querySelector('.desk-live__frame'); return f && f.srcdoc; }"
    )
    page.wait_for_timeout(500)
    page.screenshot(path=target, full_page=width < 800)
    print(target.relative_to(ROOT))
    page.close()


if __name__ == "__main__":
    main()
