"""`claimcheck review` with no id: walk the unreviewed high check-worthiness claims one by one
in the terminal, saving each verdict as soon as it is given."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.prompt import Prompt

from claimcheck import catalog
from claimcheck.evidence.registry import Registry
from claimcheck.model import check_worthiness

SKIP, QUIT = "skip", "quit"


def pending(path: Path, registry: Registry) -> list[dict]:
    """Unreviewed, present, high check-worthiness claims, in catalogue order."""
    return [e for e in catalog.entries(path, registry)
            if not e.get("review") and not e.get("orphaned")
            and check_worthiness(tuple(e.get("kinds") or ())) == "high"]


def walk(path: Path, registry: Registry, reviewer: str, date: str,
         console: Console | None = None, fmt: str = "auto") -> int:
    """Ask for a verdict on each pending claim; returns how many were recorded."""
    console = console or Console(highlight=False)
    todo = pending(path, registry)
    if not todo:
        console.print("Nothing to review: every high check-worthiness claim has a verdict.")
        return 0
    recorded = 0
    for number, entry in enumerate(todo, 1):
        _show(console, entry, number, len(todo))
        verdict = Prompt.ask("verdict", choices=[*catalog.VERDICTS, SKIP, QUIT], default=SKIP,
                             console=console)
        if verdict == QUIT:
            break
        if verdict == SKIP:
            continue
        sources = _ask_sources(console, registry)
        note = Prompt.ask("note (optional)", default="", show_default=False, console=console)
        catalog.set_review(path, entry["id"], registry, verdict=verdict, sources=sources,
                           note=note or None, reviewer=reviewer, date=date, fmt=fmt)
        recorded += 1
        console.print(f"saved: {entry['id']} {verdict}")
    console.print(f"{recorded} verdict(s) recorded in {path}")
    return recorded


def _show(console: Console, entry: dict, number: int, total: int) -> None:
    places = ", ".join(f"{p['document']}:{p['line']}" for p in entry.get("places") or [])
    attribution = entry.get("attribution") or {}
    console.rule(f"{number}/{total} {entry['id']}")
    console.print(entry.get("text", ""), markup=False)
    console.print(f"  where: {places}", markup=False)
    console.print(f"  status: {entry.get('status')}   kinds: {', '.join(entry.get('kinds') or [])}"
                  f"   attribution: {attribution.get('type')} {attribution.get('text') or ''}",
                  markup=False)
    library = entry.get("library")
    if library:
        console.print(f"  resembles reviewed claim {library['id']} "
                      f"(similarity {library['similarity']})", markup=False)


def _ask_sources(console: Console, registry: Registry) -> list[str]:
    while True:
        answer = Prompt.ask("sources (sources.yaml ids, comma-separated, optional)", default="",
                            show_default=False, console=console)
        ids = [s.strip() for s in answer.split(",") if s.strip()]
        unknown = [s for s in ids if registry.get(s) is None]
        if not unknown:
            return ids
        console.print(f"not in the registry: {', '.join(unknown)}", markup=False)
