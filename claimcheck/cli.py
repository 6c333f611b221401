"""Typer commands only: parse, load config, call the pipeline, pick a reporter, write, exit.

Reports go to stdout; problems and progress to stderr. Exit codes are `Exit`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated

import typer

from claimcheck import catalog, config, ingest, pipeline, registry, yamlfile
from claimcheck.model import DocumentResult, InputProblem
from claimcheck.yamlfile import YamlFileError


class Exit(IntEnum):
    """Process exit codes, pinned by a test."""

    OK = 0
    POLICY = 1
    """The content fails the policy (claimcheck check)."""
    ERROR = 2
    """Usage, configuration or input error."""


class Format(str, Enum):
    table = "table"
    json = "json"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"
    html = "html"
    csv = "csv"


class CheckFormat(str, Enum):
    auto = "auto"
    github = "github"
    sarif = "sarif"
    json = "json"
    table = "table"
    md = "md"


class Verdict(str, Enum):
    approved = "approved"
    contradicted = "contradicted"
    unverifiable = "unverifiable"
    needs_source = "needs-source"
    not_a_claim = "not-a-claim"


_SETTINGS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    name="claimcheck",
    help="Audit the claims in health marketing copy: find every assertion, tie it to the "
    "evidence it cites, and flag unsourced marketing.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_enable=False, context_settings=_SETTINGS,
)
catalog_app = typer.Typer(help="Maintain the claims library (claims.yaml).",
                          no_args_is_help=True, rich_markup_mode=None,
                          context_settings=_SETTINGS)
app.add_typer(catalog_app, name="catalog")
sources_app = typer.Typer(help="Maintain the registry of evidence sources (sources.yaml): "
                          "import reference-manager exports, verify works against Crossref "
                          "and PubMed.", no_args_is_help=True, rich_markup_mode=None,
                          context_settings=_SETTINGS)
app.add_typer(sources_app, name="sources")

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Files (.txt, .md, .html) or directories, walked in sorted order.",
                   show_default=False),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A claimcheck.yaml or pyproject.toml to use instead of the "
                 "nearest one.", show_default=False),
]
CatalogOption = Annotated[
    Path | None,
    typer.Option("--catalog", help="The claims library (default: from configuration, else "
                 "./claims.yaml).", show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


@dataclass(frozen=True)
class _Project:
    """What a command works with: configuration, registry, claims library and its path."""

    settings: config.Config
    registry: registry.Registry
    library: catalog.Library
    catalog: Path


def _fail(message: str) -> typer.Exit:
    typer.echo(f"claimcheck: error: {message}", err=True)
    return typer.Exit(Exit.ERROR)


def _project(config_path: Path | None, catalog_path: Path | None = None,
             isolated: bool = False) -> _Project:
    """Load and validate everything a command reads; any problem is one line and exit 2."""
    if isolated:
        return _Project(config.DEFAULT, registry.EMPTY, catalog.EMPTY, Path("claims.yaml"))
    try:
        settings = config.load(config_path)
        sources = registry.load(_shown(settings.registry))
        path = catalog_path or _shown(settings.catalog)
        return _Project(settings, sources, catalog.library(path, sources), path)
    except (config.ConfigError, YamlFileError) as exc:
        raise _fail(str(exc)) from None


def _noting(items: Iterable[DocumentResult | InputProblem], problems: list[InputProblem],
            ) -> Iterator[DocumentResult | InputProblem]:
    """Pass results through; report each input problem on stderr as it comes."""
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(item)
            typer.echo(f"claimcheck: error: {item}", err=True)
        yield item


@app.command(epilog="Examples:\n\n  claimcheck scan page.md\n\n"
             "  claimcheck scan --isolated --format json corpus/")
def scan(
    paths: Annotated[list[Path], typer.Argument(
        help="Files (.txt, .md, .html) or directories, walked in sorted order.",
        show_default=False)],
    format: FormatOption = Format.table,
    isolated: Annotated[bool, typer.Option(
        "--isolated", help="Ignore claims.yaml, sources.yaml and any configuration: the text "
        "alone decides.")] = False,
    config_path: ConfigOption = None,
) -> None:
    """Analyse pages and print every claim. Read-only: writes nothing."""
    project = _project(config_path, isolated=isolated)
    problems: list[InputProblem] = []
    items = _noting(pipeline.stream(paths, project.settings, project.registry, project.library),
                    problems)
    if format is Format.json:
        from claimcheck.report import json as json_report

        for chunk in json_report.chunks(items):
            sys.stdout.write(chunk)
    else:
        from claimcheck.report import table

        color = sys.stdout.isatty()
        for item in items:
            if isinstance(item, DocumentResult):
                sys.stdout.write(table.render_document(item, color=color))
    raise typer.Exit(Exit.ERROR if problems else Exit.OK)


@app.command(epilog="Examples:\n\n  claimcheck audit\n\n"
             "  claimcheck audit drafts/ --catalog drafts/claims.yaml --reports drafts/reports\n\n"
             "  claimcheck audit --format md > report.md")
def audit(
    paths: PathsArgument = None,
    format: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="What to print: the summary table, or the whole report as "
        "JSON, Markdown, HTML or CSV.")] = ReportFormat.table,
    catalog_path: CatalogOption = None,
    reports: Annotated[Path | None, typer.Option(
        "--reports", help="Folder for index.html, report.md, claims.csv and report.json "
        "(default: from configuration, else ./reports).", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    config_path: ConfigOption = None,
) -> None:
    """Audit a corpus (by default the configured one): update claims.yaml, write the reports,
    print the summary."""
    from claimcheck import report

    project = _project(config_path, catalog_path)
    if not paths:
        if project.settings.corpus is None:
            raise _fail("no paths given and no corpus configured "
                        "(set corpus in [tool.claimcheck] or claimcheck.yaml)")
        paths = [_shown(project.settings.corpus)]
    problems: list[InputProblem] = []
    files = [i for i in _noting(ingest.collect(paths, project.settings.exclude), problems)
             if isinstance(i, Path)]
    stream = pipeline.stream(files, project.settings, project.registry, project.library)
    results = [item for item in _noting(_progress(stream, len(files), quiet), problems)
               if isinstance(item, DocumentResult)]
    if results:
        try:
            changed = catalog.update(project.catalog, results, project.registry)
        except YamlFileError as exc:
            raise _fail(str(exc)) from None
        typer.echo(f"{project.catalog}: {'updated' if changed else 'unchanged'}", err=True)
        built = report.build(results, project.registry)
        folder = reports or _shown(project.settings.reports)
        written = [name for name, fmt in report.REPORT_FILES.items()
                   if yamlfile.write_if_changed(folder / name, report.renderer(fmt)(built))]
        typer.echo(f"{folder}/: {', '.join(written) + ' written' if written else 'unchanged'}",
                   err=True)
        if format is ReportFormat.table:
            from claimcheck.report import table

            sys.stdout.write(table.render(built, color=sys.stdout.isatty()))
        else:
            sys.stdout.write(report.renderer(format.value)(built))
    raise typer.Exit(Exit.ERROR if problems or not results else Exit.OK)


def _progress(items: Iterator, total: int, quiet: bool) -> Iterator:
    """A progress bar on stderr while documents are audited, when stderr is a terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("auditing", total=total)
        for item in items:
            progress.advance(task)
            yield item


@app.command(epilog="Examples:\n\n  claimcheck check\n\n"
             "  claimcheck check docs/ --diff origin/main --format github\n\n"
             "  claimcheck check --format sarif > claimcheck.sarif")
def check(
    paths: PathsArgument = None,
    format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="auto: github under GitHub Actions (GITHUB_ACTIONS=true), "
        "table otherwise.")] = CheckFormat.auto,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="A claims catalogue whose claims never fail (default: the "
        "configured claims.yaml).", show_default=False)] = None,
    diff: Annotated[str | None, typer.Option(
        "--diff", help="Only report findings on lines changed since this git ref.",
        show_default=False)] = None,
    config_path: ConfigOption = None,
) -> None:
    """Check content against the policy, like a linter: exit 0 when it holds, 1 when it
    fails, 2 on usage, configuration or input errors. Never writes."""
    import os

    from claimcheck import gate

    project = _project(config_path)
    if not paths:
        if project.settings.corpus is None:
            raise _fail("no paths given and no corpus configured "
                        "(set corpus in [tool.claimcheck] or claimcheck.yaml)")
        paths = [_shown(project.settings.corpus)]
    try:
        known = catalog.entries(baseline or project.catalog)
        changed = gate.changed_lines(diff, [str(p) for p in paths]) if diff else None
    except (YamlFileError, gate.GateError) as exc:
        raise _fail(str(exc)) from None
    problems: list[InputProblem] = []
    results = (item for item in _noting(pipeline.stream(paths, project.settings,
                                                        project.registry, project.library),
                                        problems) if isinstance(item, DocumentResult))
    outcome = gate.evaluate(results, project.settings.check,
                            frozenset(e["id"] for e in known), changed)
    chosen = format
    if chosen is CheckFormat.auto:
        chosen = CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" \
            else CheckFormat.table
    if chosen is CheckFormat.github:
        from claimcheck.report import github

        sys.stdout.write(github.render(outcome))
    elif chosen is CheckFormat.sarif:
        from claimcheck.report import sarif

        sys.stdout.write(sarif.render(outcome))
    elif chosen is CheckFormat.json:
        from claimcheck.report import json as json_report

        sys.stdout.write(json_report.render_findings(outcome))
    elif chosen is CheckFormat.md:
        from claimcheck.report import markdown

        sys.stdout.write(markdown.render_findings(outcome))
    else:
        from claimcheck.report import table

        sys.stdout.write(table.render_findings(outcome, color=sys.stdout.isatty()))
    if problems:
        raise typer.Exit(Exit.ERROR)
    raise typer.Exit(Exit.POLICY if outcome.failed else Exit.OK)


@app.command(epilog="Examples:\n\n"
             "  claimcheck review c-96d6a9e02c --verdict contradicted --source drug-label "
             "--note \"Schedule III; the label warns of abuse and dependence.\"\n\n"
             "  claimcheck review          # walk the unreviewed high check-worthiness claims")
def review(
    claim_id: Annotated[str | None, typer.Argument(
        help="The claim to judge (its id in claims.yaml). Without it, walk the unreviewed "
        "high check-worthiness claims one by one.", show_default=False)] = None,
    verdict: Annotated[Verdict | None, typer.Option(
        "--verdict", help="The judgement.", show_default=False)] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="A sources.yaml id the verdict rests on (repeatable).",
        show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why.", show_default=False)] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who judges (default: the login name).", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="When, YYYY-MM-DD (default: today).", show_default=False)] = None,
    catalog_path: CatalogOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Record a verdict on a claim in claims.yaml, or walk the claims that need one."""
    project = _project(config_path, catalog_path)
    who = reviewer or getpass.getuser()
    when = date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(when)
    except ValueError:
        raise _fail(f"--date must be YYYY-MM-DD, not {when!r}") from None
    try:
        if claim_id is None:
            from claimcheck import reviewing

            reviewing.walk(project.catalog, project.registry, who, when)
            raise typer.Exit(Exit.OK)
        if verdict is None:
            raise _fail("--verdict is required with a claim id "
                        f"({', '.join(v.value for v in Verdict)})")
        catalog.set_review(project.catalog, claim_id, project.registry, verdict=verdict.value,
                           sources=source or (), note=note, reviewer=who, date=when)
    except YamlFileError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{project.catalog}: {claim_id} reviewed as {verdict.value}", err=True)


@app.command(epilog="Example:\n\n  claimcheck explain c-d4b799e260")
def explain(
    claim_id: Annotated[str, typer.Argument(help="A claim id from claims.yaml or the JSON.",
                                            show_default=False)],
    catalog_path: CatalogOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Everything claimcheck knows about one claim: context, attribution and its scope,
    references and how each was matched, status and why, library matches, review."""
    from claimcheck.report import explain as explain_report

    project = _project(config_path, catalog_path)
    entry = next((e for e in catalog.entries(project.catalog) if e["id"] == claim_id), None)
    if entry is None:
        raise _fail(f"{project.catalog}: no claim {claim_id!r}")
    found = []
    for place in entry.get("places") or []:
        path = _shown(project.catalog.parent / str(place["document"]))
        if path.exists():
            try:
                document = ingest.read(path)
            except ingest.InputError as exc:
                raise _fail(str(exc)) from None
            result = pipeline.analyse(document, project.settings, project.registry,
                                      project.library)
            found.extend((document, a) for a in result.analyses if a.id == claim_id
                         and (document, a) not in found)
    sys.stdout.write(explain_report.render(entry, found, project.registry,
                                           width=None if sys.stdout.isatty() else 100))


@catalog_app.command("prune", epilog="Example:\n\n  claimcheck catalog prune")
def catalog_prune(catalog_path: CatalogOption = None, config_path: ConfigOption = None) -> None:
    """Remove orphaned claims: reviewed claims that no audited document contains any more."""
    project = _project(config_path, catalog_path)
    try:
        removed = catalog.prune(project.catalog)
    except YamlFileError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{project.catalog}: {removed} orphaned claim(s) removed", err=True)


@catalog_app.command("accept-suggestions",
                     epilog="Example:\n\n  claimcheck catalog accept-suggestions")
def catalog_accept(catalog_path: CatalogOption = None, config_path: ConfigOption = None) -> None:
    """Apply every suggested library match: copy the reviewed claim's verdict onto the claim
    it resembles."""
    project = _project(config_path, catalog_path)
    try:
        accepted = catalog.accept_suggestions(project.catalog, project.registry)
    except YamlFileError as exc:
        raise _fail(str(exc)) from None
    for claim_id, library_id in accepted:
        typer.echo(f"{claim_id}: review of {library_id} accepted", err=True)
    typer.echo(f"{project.catalog}: {len(accepted)} suggestion(s) accepted", err=True)


class SourceStatus(str, Enum):
    verified = "verified"
    unverified = "unverified"
    mismatch = "mismatch"
    not_found = "not-found"
    retracted = "retracted"
    corrected = "corrected"


def _registry_path(config_path: Path | None) -> Path:
    try:
        settings = config.load(config_path)
        path = _shown(settings.registry)
        registry.load(path)
    except (config.ConfigError, YamlFileError) as exc:
        raise _fail(str(exc)) from None
    return path


@sources_app.command("import", epilog="Examples:\n\n  claimcheck sources import library.bib\n\n"
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
    from claimcheck import bibliography

    path = _registry_path(config_path)
    try:
        works = [work for file in files for work in bibliography.read(file)]
        changes = registry.merge(path, works, dry_run=dry_run)
    except bibliography.BibliographyError as exc:
        raise _fail(str(exc)) from None
    except YamlFileError as exc:
        raise _fail(str(exc)) from None
    for change in changes:
        typer.echo(("would " if dry_run else "") + change, err=True)
    added = sum(c.startswith("add ") for c in changes)
    tally = f"{added} new, {len(changes) - added} completed" if changes else "all already present"
    typer.echo(f"{path}: {len(works)} reference(s) read, {tally}"
               + (" (dry run: nothing written)" if dry_run and changes else ""), err=True)


@sources_app.command("verify", epilog="Examples:\n\n  claimcheck sources verify\n\n"
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
    from claimcheck import sources
    from claimcheck.lookup import Services

    project = _project(config_path)
    path = _shown(project.settings.registry)
    services = Services(_shown(project.settings.cache), project.settings.contact, offline)
    if not offline and project.settings.contact is None:
        typer.echo("claimcheck: note: no contact address configured; Crossref and NCBI ask "
                   "for one (set contact in [tool.claimcheck] or claimcheck.yaml)", err=True)
    today = dt.date.today()
    try:
        if attributions:
            if ids:
                raise _fail("--attributions takes no source ids")
            if project.settings.corpus is None:
                raise _fail("--attributions needs a configured corpus")
            results = (r for r in pipeline.stream([_shown(project.settings.corpus)],
                                                  project.settings, project.registry,
                                                  project.library)
                       if isinstance(r, DocumentResult))
            outcomes = sources.search_named(path, results, services, today)
        else:
            outcomes = sources.check(path, ids or (), services, today)
        failed = 0
        for outcome in outcomes:
            failed += outcome.failed
            typer.echo(outcome.message, err=True)
    except YamlFileError as exc:
        raise _fail(str(exc)) from None
    if failed:
        hint = ("run without --offline to look them up" if offline
                else "re-run when the service is reachable")
        raise _fail(f"{failed} look-up(s) failed; those sources were left untouched ({hint})")


@sources_app.command("list", epilog="Examples:\n\n  claimcheck sources list\n\n"
                     "  claimcheck sources list --status not-found --status mismatch")
def sources_list(
    status: Annotated[list[SourceStatus] | None, typer.Option(
        "--status", "-s", help="Only sources with this status (repeatable).",
        show_default=False)] = None,
    config_path: ConfigOption = None,
) -> None:
    """The registry as a table: id, status, when and where it was checked, the work."""
    from claimcheck.report import sources as sources_report

    path = _registry_path(config_path)
    wanted = {s.value for s in status or ()}
    shown = [s for s in registry.load(path).sources if not wanted or s.status in wanted]
    sys.stdout.write(sources_report.table(shown, color=sys.stdout.isatty()))


@sources_app.command("show", epilog="Example:\n\n  claimcheck sources show smith-2014")
def sources_show(
    source_id: Annotated[str, typer.Argument(help="A source id from sources.yaml.",
                                             show_default=False)],
    config_path: ConfigOption = None,
) -> None:
    """Everything the registry records about one source."""
    from claimcheck.report import sources as sources_report

    path = _registry_path(config_path)
    source = registry.load(path).get(source_id)
    if source is None:
        raise _fail(f"{path}: no source {source_id!r}")
    sys.stdout.write(sources_report.show(source, width=None if sys.stdout.isatty() else 100))


def _shown(path: Path) -> Path:
    """A configured path as the user would type it: relative to the working directory."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def main() -> None:
    app()


if __name__ == "__main__":
    main()
