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

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's corpus and configuration in a temporary working directory."""
    shutil.copytree(CORPUS, tmp_path / "corpus" / "ketamine-ptsd")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(params=["yaml", "parquet"])
def catalog_format(request: pytest.FixtureRequest) -> str:
    """Each catalog-format a catalogue test runs under: everything in claims.yaml, or the
    generated claims in claims.parquet/ and the reviewed ones in claims.yaml."""
    return request.param


def catalogue_bytes(catalog: Path) -> bytes:
    """Everything a catalogue holds on disk: claims.yaml, then its Parquet parts."""
    dataset = catalog.with_suffix(".parquet")
    parts = sorted(dataset.glob("part-*.parquet")) if dataset.is_dir() else []
    return b"".join([catalog.read_bytes(), *(p.read_bytes() for p in parts)])


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME, or rewrite it when CLAIMCHECK_REGENERATE=1."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"tests/golden/{name} is missing: set CLAIMCHECK_REGENERATE=1 to write it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs (regenerate to accept)"


def _benchmark_module(name: str):
    """A module of benchmarks/ (not a package: its files are scripts run by path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_benchmarks_{name}",
                                                  ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generated_page = _benchmark_module("pages").generated_page
"""A clinic page of our own making (benchmarks/pages.py, shared with benchmarks/scale.py)."""

