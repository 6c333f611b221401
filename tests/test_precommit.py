"""The shipped pre-commit hook, run by pre-commit itself (`pre-commit try-repo`) on a
throwaway git repository: only the file types claimcheck reads are passed in.

pre-commit builds the hook's own virtual environment from this repository. So that the test
needs no download of the dependencies, that environment installs claimcheck alone
(PIP_NO_DEPS) and finds the dependencies on PYTHONPATH, where this test run has them; the
hook's entry, file pattern and installation are pre-commit's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
import yaml

from claimcheck.ingest.files import READERS

from .conftest import ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit") is None,
                                reason="needs git and pre-commit (pip install -e '.[test]')")


def test_the_hook_passes_exactly_the_types_claimcheck_reads():
    (hook,) = HOOKS
    assert "types" not in hook and "types_or" not in hook  # "text" matched every text file
    pattern = re.compile(hook["files"])
    for suffix in READERS:
        assert pattern.search(f"docs/page{suffix}"), suffix
        assert pattern.search(f"docs/PAGE{suffix.upper()}"), suffix
    for other in (".pre-commit-config.yaml", "claims.yaml", "pyproject.toml", "setup.py",
                  "notes.json", "image.png", "page.md.orig", "README"):
        assert not pattern.search(other), other


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("precommit")
    _git(root, "init", "-q")
    (root / "clean.md").write_text("# Opening hours\n\nOur clinic is open Monday to Friday.\n")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    (root / "broken.yaml").write_text("key: [unclosed\n")  # passed in, it would be an error
    _git(root, "add", "-A")
    return root


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=root,
                   check=True, capture_output=True)


def _try_repo(root: Path, home: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("GITHUB_ACTIONS", "COLUMNS", "FORCE_COLOR")}
    environment.update(PRE_COMMIT_HOME=str(home), PIP_NO_DEPS="1",
                       PYTHONPATH=sysconfig.get_paths()["purelib"], NO_COLOR="1")
    return subprocess.run(["pre-commit", "try-repo", str(ROOT), "claimcheck", "--all-files",
                           "--verbose"], cwd=root, capture_output=True, text=True,
                          env=environment, timeout=600, check=False)


def test_try_repo_passes_clean_pages_and_fails_an_unsourced_statistic(repository,
                                                                      tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = _try_repo(repository, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "claimcheck" in clean.stdout and "Passed" in clean.stdout
    assert "unsupported file type" not in clean.stdout  # neither YAML file was passed in

    (repository / "offer.md").write_text(
        "# Our offer\n\nOur infusions help 85% of patients within two hours.\n")
    _git(repository, "add", "-A")
    failing = _try_repo(repository, home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert re.search(r"offer\.md:3:1: CC101 \[error\] unsourced statistic", failing.stdout), \
        failing.stdout
    assert "unsupported file type" not in failing.stdout  # no YAML file was read
    assert "broken.yaml" not in failing.stdout
