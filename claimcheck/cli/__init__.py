"""The command line: `claimcheck` and its subcommands (commands.py; `claimcheck sources` in
sources.py; what they share in common.py)."""

from .commands import app
from .common import Exit


def main() -> None:
    app()


__all__ = ["Exit", "app", "main"]
