"""The Nu Html Checker (vnu-jar from npm, run with Java) over a set of rendered pages."""

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(pages, folder):
    """
    The checker's errors for `pages` ({name: HTML bytes}), as "name.html:line: message".
    The pages are written to `folder` and checked in one run of the checker.
    """
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu Html Checker"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci` (make test does)"
    files = []
    for name, content in pages.items():
        file = Path(folder) / f"{name}.html"
        file.write_bytes(content)
        files.append(str(file))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
