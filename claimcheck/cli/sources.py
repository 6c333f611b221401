"""`claimcheck sources`: the registry of evidence sources (sources.yaml) against reference
managers, Crossref and PubMed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from claimcheck import config, pipeline
from claimcheck.evidence import registry
from claimcheck.model import DocumentResult, InputProblem
from claimcheck.vocab import SourceStatus
from claimcheck.yamlfile import YamlFileError

from .common import SETTINGS, ConfigOption, Exit, fail, load_project, noting, shown

app = typer.Typer(help="Maintain the registry of evidence sources (sources.yaml): import "
                  "reference-manager exports, verify works against Crossref and PubMed.",
                  no_args_is_help=True, rich_markup_mode=None, context_settings=SETTINGS)


def _registry(config_path: Path | None) -> tuple[Path, registry.Registry]:
    """The configured registry file (as the user would type it) and what it holds."""
    try:
        path = shown(config.load(config_path).registry)
        return path, registry.load(path)
    except (config.ConfigError, YamlFileError) as exc:
        raise fail(str(exc)) from None


@app.command("import", epilog="Examples:\n\n  claimcheck sources import library.bib\n\n"
                     "  claimcheck sources import --dry-run zotero.json endnote.ris")
def sources_import(
    files: Annotated[list[Path], typer.Argument(
        help="BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) exports.", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    config_path: ConfigOption = None,
) -> None:
    """Merge reference-manager exports into sources.yaml: a work already there (same DOI or
    PMID, else first author, year and title) only gains the fields it lacks."""
    from claimcheck.evidence import exports

    path, _ = _registry(config_path)
    try:
        works = [work for file in files for work in exports.read(file)]
        changes = registry.merge(path, works, dry_run=dry_run)
    except exports.BibliographyError as exc:
        raise fail(str(exc)) from None
    except YamlFileError as exc:
        raise fail(str(exc)) from None
    for change in changes:
        typer.echo(("would " if dry_run else "") + change, err=True)
    added = sum(c.startswith("add ") for c in changes)
    tally = f"{added} new, {len(changes) - added} completed" if changes else "all already present"
    typer.echo(f"{path}: {len(works)} reference(s) read, {tally}"
               + (" (dry run: nothing written)" if dry_run and changes else ""), err=True)


@app.command("verify", epilog="Examples:\n\n  claimcheck sources verify\n\n"
                     "  claimcheck sources verify smith-2014 --offline\n\n"
                     "  claimcheck sources verify --attributions")
def sources_verify(
    ids: Annotated[list[str] | None, typer.Argument(
        help="Source ids (default: every source Crossref or PubMed can know).",
        show_default=False)] = None,
    offline: Annotated[bool, typer.Option(
        "--offline", help="Answer from the cache only; never touch the network.")] = False,
    attributions: Annotated[bool, typer.Option(
        "--attributions", help="Instead: search for the works the corpus's named "
        "attributions point to (\"a 2021 university study\") and record what was found.")]
    = False,
    config_path: ConfigOption = None,
) -> None:
    """Look each source up (Crossref by DOI, PubMed by PMID, else a bibliographic query) and
    record in sources.yaml: verified, mismatch (which fields), not-found, retracted or
    corrected, with checked_on and the service. Answers are cached on disk; a source whose
    look-up fails is left as it was (exit 2)."""
    from claimcheck.evidence import upkeep
    from claimcheck.evidence.lookup import Services

    project = load_project(config_path)
    path = shown(project.settings.registry)
    cache = shown(project.settings.cache)
    try:
        services = Services(cache, project.settings.contact, offline)
    except OSError as exc:
        raise fail(f"{cache}: cannot keep the look-up cache there ({exc.strerror or exc})") \
            from None
    if not offline and project.settings.contact is None:
        typer.echo("claimcheck: note: no contact address configured; Crossref and NCBI ask "
                   "for one (set contact in [tool.claimcheck] or claimcheck.yaml)", err=True)
    today = dt.date.today()
    problems: list[InputProblem] = []
    try:
        if attributions:
            if ids:
                raise fail("--attributions takes no source ids")
            stream = pipeline.stream(project.corpus(), project.settings, project.registry,
                                     project.library)
            results = (r for r in noting(stream, problems) if isinstance(r, DocumentResult))
            outcomes = upkeep.search_named(path, results, services, today)
        else:
            outcomes = upkeep.verify_all(path, ids or (), services, today)
        failed = 0
        for outcome in outcomes:
            failed += outcome.failed
            typer.echo(outcome.message, err=True)
    except YamlFileError as exc:
        raise fail(str(exc)) from None
    if problems and not failed:
        raise typer.Exit(Exit.ERROR)
    if failed:
        hint = ("run without --offline to look them up" if offline
                else "re-run when the service is reachable")
        raise fail(f"{failed} look-up(s) failed; those sources were left untouched ({hint})")


@app.command("list", epilog="Examples:\n\n  claimcheck sources list\n\n"
                     "  claimcheck sources list --status not-found --status mismatch")
def sources_list(
    status: Annotated[list[SourceStatus] | None, typer.Option(
        "--status", "-s", help="Only sources with this status (repeatable).",
        show_default=False)] = None,
    config_path: ConfigOption = None,
) -> None:
    """The registry as a table: id, status, when and where it was checked, the work."""
    from claimcheck.report import registry as registry_report

    _, sources = _registry(config_path)
    wanted = {s.value for s in status or ()}
    listed = [s for s in sources.sources if not wanted or s.status in wanted]
    sys.stdout.write(registry_report.table(listed, color=sys.stdout.isatty()))


@app.command("show", epilog="Example:\n\n  claimcheck sources show smith-2014")
def sources_show(
    source_id: Annotated[str, typer.Argument(help="A source id from sources.yaml.",
                                             show_default=False)],
    config_path: ConfigOption = None,
) -> None:
    """Everything the registry records about one source."""
    from claimcheck.report import registry as registry_report

    path, sources = _registry(config_path)
    source = sources.get(source_id)
    if source is None:
        raise fail(f"{path}: no source {source_id!r}")
    sys.stdout.write(registry_report.show(source, width=None if sys.stdout.isatty() else 100))
