"""Terminal output under a real pseudo-terminal: its width (or COLUMNS), NO_COLOR,
FORCE_COLOR and --color, for every command that prints for a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.cells import cell_len

from .conftest import PAGES

ANSI = re.compile(r"\x1b\[[0-9;]*m")
URL = re.compile(r"\s*https://\S+")
COLOURED = re.compile(r"\x1b\[[0-9;]*3[0-9]m|\x1b\[1;3[0-9]m|\x1b\[[0-9;]*;3[0-9]m")


def in_terminal(args: list[str], cwd: Path, columns: int, **env: str) -> str:
    """What claimcheck prints to a pseudo-terminal `columns` wide (no COLUMNS in its
    environment unless given)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM",
                                "GITHUB_ACTIONS")}
    environment.update({"TERM": "xterm-256color", **env})
    process = subprocess.Popen([sys.executable, "-m", "claimcheck.cli", *args], cwd=cwd,
                               stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL,
                               env=environment, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("terminal")
    shutil.copytree(PAGES, root / "pages")
    return root


COMMANDS = {
    "check": ["check", "pages"],
    "check-table": ["check", "--format", "table", "pages"],
    "check-statistics": ["check", "--statistics", "pages"],
    "scan": ["scan", "pages"],
    "rule": ["rule", "CC102"],
}


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_nothing_is_wider_than_the_terminal(site, command, columns):
    shown = in_terminal(COMMANDS[command], site, columns)
    lines = ANSI.sub("", shown).splitlines()
    assert lines, shown
    # a web address is one word: cut, it would no longer open
    widest = max(cell_len(line) for line in lines if not URL.fullmatch(line))
    assert widest <= columns, (command, columns, widest)


def test_the_width_follows_the_terminal(site):
    narrow = ANSI.sub("", in_terminal(["scan", "pages"], site, 80))
    wide = ANSI.sub("", in_terminal(["scan", "pages"], site, 200))
    assert max(map(cell_len, wide.splitlines())) > 120  # not the old fixed 120 columns
    assert len(narrow.splitlines()) > len(wide.splitlines())


def test_columns_wins_over_the_terminal(site):
    shown = ANSI.sub("", in_terminal(["check", "--format", "table", "pages"], site, 200,
                                     COLUMNS="90"))
    assert max(map(cell_len, shown.splitlines())) <= 90


def test_a_terminal_gets_colour_and_no_color_takes_it_away(site):
    assert COLOURED.search(in_terminal(["check", "pages"], site, 120))
    assert not ANSI.search(in_terminal(["check", "pages"], site, 120, NO_COLOR="1"))
    assert not ANSI.search(in_terminal(["scan", "pages"], site, 120, NO_COLOR="1"))
    assert not ANSI.search(in_terminal(["check", "pages"], site, 120, TERM="dumb"))
    # an empty NO_COLOR does not count (no-color.org)
    assert COLOURED.search(in_terminal(["check", "pages"], site, 120, NO_COLOR=""))


def test_the_color_option_decides_regardless(site):
    assert not ANSI.search(in_terminal(["check", "--color", "never", "pages"], site, 120))
    assert not ANSI.search(in_terminal(["scan", "--color", "never", "pages"], site, 120))
    assert COLOURED.search(in_terminal(["check", "--color", "always", "pages"], site, 120,
                                       NO_COLOR="1"))


def test_a_pipe_gets_no_colour_unless_forced(site):
    def piped(*args: str, **env: str) -> str:
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "GITHUB_ACTIONS")}
        return subprocess.run([sys.executable, "-m", "claimcheck.cli", *args], cwd=site,
                              capture_output=True, text=True, env={**environment, **env},
                              check=False).stdout

    assert not ANSI.search(piped("check", "pages"))
    assert COLOURED.search(piped("check", "pages", FORCE_COLOR="1"))
    assert not ANSI.search(piped("check", "pages", FORCE_COLOR="1", NO_COLOR="1"))
    assert COLOURED.search(piped("check", "--color", "always", "pages"))
