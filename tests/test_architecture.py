"""
The tree shows the architecture, and stays that way: the layers drawn in
docs/architecture.md are import-linter's contract, every app is described
there and in the README, and no module or app outgrows its share.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = sorted(CONTRACT["root_packages"])
# Longest module allowed (models.py may hold a few more, one model per concern).
MAX_LINES, MAX_MODEL_LINES = 450, 650
MAX_SHARE = 0.35


def layers_drawn():
    """The layers in the picture under "## Layers", highest first, as import-linter spells them."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    picture = re.search(r"## Layers\s+```\n(.*?)```", text, re.DOTALL).group(1)
    return [
        re.split(r"\s{2,}", line.strip())[0]
        for line in picture.splitlines()
        if line.strip() and line.strip() != "↓"
    ]


def test_the_layers_drawn_in_the_docs_are_the_contract_make_test_holds():
    layers = [layer for contract in CONTRACT["contracts"] for layer in contract["layers"]]

    assert layers_drawn() == layers


def test_every_app_is_in_a_layer():
    in_layers = {
        app.strip()
        for contract in CONTRACT["contracts"]
        for layer in contract["layers"]
        for app in layer.split("|")
    }

    assert in_layers == set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_every_app_is_described_in_the_architecture_doc_and_the_readme(app):
    architecture = (ROOT / "docs" / "architecture.md").read_text()
    readme = (ROOT / "README.md").read_text()

    assert f"### {app}/" in architecture
    assert f"| `{app}/` |" in readme


def source_modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield app, path


def test_no_module_outgrows_one_concern():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for _app, path in source_modules()
        if (lines := len(path.read_text().splitlines()))
        > (MAX_MODEL_LINES if path.name == "models.py" else MAX_LINES)
    }

    assert too_long == {}


def test_no_app_holds_more_than_a_third_of_the_code():
    lines = {}
    for app, path in source_modules():
        lines[app] = lines.get(app, 0) + len(path.read_text().splitlines())
    total = sum(lines.values())

    assert {app: n / total for app, n in lines.items() if n / total > MAX_SHARE} == {}
