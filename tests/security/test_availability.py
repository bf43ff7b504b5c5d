"""
The desk and the site stay up under pressure an attacker or a busy deadline
can apply: concurrent saves, lock-outs, oversized input, a cache that fails.
"""

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_six_editors_saving_at_once_on_sqlite_all_succeed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.concurrent_saves", str(tmp_path / "desk.sqlite3")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "LOG_LEVEL": "ERROR"},
    )

    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [302] * 6, outcome
    assert outcome["deks"] == [f"Saved by editor {number}." for number in range(6)]
