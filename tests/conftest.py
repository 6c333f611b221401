"""Shared fixtures: the project root, the bundled corpus, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "ketamine-ptsd"
PAGES = Path(__file__).resolve().parent / "pages"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("CLAIMCHECK_REGENERATE") == "1"
"""Set CLAIMCHECK_REGENERATE=1 to rewrite the golden files from the current output."""


@pytest.fixture
def cli():
    """Invoke the claimcheck CLI; returns the click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's corpus and configuration in a temporary working directory."""
    shutil.copytree(CORPUS, tmp_path / "corpus" / "ketamine-ptsd")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME, or rewrite it when CLAIMCHECK_REGENERATE=1."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"tests/golden/{name} is missing: set CLAIMCHECK_REGENERATE=1 to write it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs (regenerate to accept)"


_OPENINGS = ("Our {t} therapy", "The {t} protocol at our clinic", "Studies show that {t}",
             "A 2019 trial found that {t}", "Our patients report that {t}",
             "Harvard University Study (2020): {t}")
_CLAIMS = ("relieves chronic pain in {n}% of patients within {d} days.",
           "is completely safe and has no side effects.",
           "is a breakthrough that cures migraines for good.",
           "reduces anxiety by {n}% compared with placebo.",
           "works for {n} out of 100 people with insomnia.")


def generated_page(index: int) -> str:
    """A clinic page of our own making: a heading, a dozen claims of every status, an
    address line; every page different."""
    treatment = ("ketamine", "NAD+", "red-light", "cryotherapy", "IV vitamin")[index % 5]
    lines = [f"# {treatment.title()} care at clinic number {index}", ""]
    for k in range(12):
        opening = _OPENINGS[(index + k) % len(_OPENINGS)].format(t=treatment)
        claim = _CLAIMS[(index * 3 + k) % len(_CLAIMS)].format(n=10 + (index * 7 + k) % 85,
                                                               d=1 + k % 9)
        lines += [f"{opening} {claim}", ""]
    lines.append(f"Visit us at {index} Main Street, open Monday to Friday.")
    return "\n".join(lines) + "\n"
