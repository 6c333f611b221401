"""What the terminal allows: its width and whether to colour, decided once per command.

Width: `COLUMNS` when set, else the terminal's own, else none (output to a file or a pipe,
where tables take their fixed default and finding lines are not fitted). Colour, for
`--color auto`: never when `NO_COLOR` is set and not empty (no-color.org) or `TERM=dumb`,
always when `FORCE_COLOR` is set and not empty (force-color.org), else when standard output
is a terminal; `--color always` and `--color never` decide regardless.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, TextIO

import typer


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


ColorOption = Annotated[Color, typer.Option(
    "--color", help="Colour the output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR "
    "forces it), always or never.")]

TABLE_WIDTH = 120
"""A table's width when the output is no terminal and COLUMNS is not set."""


@dataclass(frozen=True, slots=True)
class Terminal:
    width: int | None
    """Columns available; None when the output is not a terminal and COLUMNS is not set."""
    color: bool

    @property
    def table_width(self) -> int:
        return self.width or TABLE_WIDTH


def terminal(color: Color = Color.auto, stream: TextIO | None = None) -> Terminal:
    """The width and colour for output written to `stream` (standard output by default)."""
    stream = stream or sys.stdout
    tty = _isatty(stream)
    return Terminal(width=_width(stream, tty), color=_color(color, tty))


def _width(stream: TextIO, tty: bool) -> int | None:
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    if tty:
        try:
            return os.get_terminal_size(stream.fileno()).columns or None
        except (OSError, ValueError):
            return None
    return None


def _color(choice: Color, tty: bool) -> bool:
    if choice is not Color.auto:
        return choice is Color.always
    if os.environ.get("NO_COLOR", "") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return tty


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
