"""Typer commands only: parse, load config, call the pipeline, pick a reporter, write, exit.

Reports go to stdout; problems and progress to stderr. Exit codes are `Exit`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from claimcheck import catalog, ingest, pipeline, yamlfile
from claimcheck.model import InputProblem
from claimcheck.report import formats
from claimcheck.report.spool import View
from claimcheck.vocab import Verdict
from claimcheck.yamlfile import YamlFileError

from . import sources
from .auditing import Answers, pieces, printed, progress
from .common import (
    SETTINGS,
    CatalogOption,
    ConfigOption,
    Engine,
    EngineOption,
    Exit,
    JobsOption,
    NoCacheOption,
    OfflineOption,
    PathsArgument,
    SchedulerOption,
    StdinFilenameOption,
    describe,
    engine,
    fail,
    inputs,
    jobs,
    load_project,
    noting,
    shown,
)
from .terminal import Color, ColorOption, terminal

ScanFormat = formats.choices("ScanFormat", formats.STREAM)
ReportFormat = formats.choices("ReportFormat", formats.REPORT)
CheckFormat = formats.choices("CheckFormat", formats.FINDINGS, "auto")


app = typer.Typer(
    name="claimcheck",
    help="Audit the claims in health marketing copy: find every assertion, tie it to the "
    "evidence it cites, and flag unsourced marketing.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_enable=False, context_settings=SETTINGS,
)
catalog_app = typer.Typer(help="Maintain the claims library (claims.yaml).",
                          no_args_is_help=True, rich_markup_mode=None,
                          context_settings=SETTINGS)
app.add_typer(catalog_app, name="catalog")


def _version(shown: bool) -> None:
    if shown:
        from claimcheck import installed_version

        typer.echo(f"claimcheck {installed_version()}")
        raise typer.Exit(Exit.OK)


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", callback=_version,
        is_eager=True)] = False) -> None:
    pass  # the options of `claimcheck` itself; its help is the app's
app.add_typer(sources.app, name="sources")

FormatOption = Annotated[ScanFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command(epilog="Examples:\n\n  claimcheck scan page.md\n\n"
             "  claimcheck scan --isolated --format json corpus/")
def scan(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .md, .html, .docx, .pdf), directories (walked in sorted order) or "
        "web addresses; - reads standard input.", metavar="INPUT", show_default=False)],
    format: FormatOption = ScanFormat.table,
    stdin_filename: StdinFilenameOption = None,
    offline: OfflineOption = False,
    processes: JobsOption = None,
    chosen_engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    isolated: Annotated[bool, typer.Option(
        "--isolated", help="Ignore claims.yaml, sources.yaml and any configuration: the text "
        "alone decides.")] = False,
    color: ColorOption = Color.auto,
    config_path: ConfigOption = None,
) -> None:
    """Analyse pages and print every claim. Read-only: writes nothing (but the cache of
    fetched web pages)."""
    project = load_project(config_path, isolated=isolated).offline(offline)
    problems: list[InputProblem] = []
    finish = formats.renderer(formats.STREAM, format.value)
    as_json = format.value == formats.Format.JSON
    if not as_json:
        shown_on = terminal(color)
        finish = partial(finish, width=shown_on.table_width, color=shown_on.color)
    items = noting(pipeline.stream(inputs(paths, stdin_filename), project.settings,
                                   project.registry, project.library, jobs(processes),
                                   engine=engine(chosen_engine, scheduler, processes),
                                   finish=finish),
                   problems)
    if as_json:
        from claimcheck.report.json import chunks

        sys.stdout.writelines(chunks(items))
    else:
        sys.stdout.writelines(item for item in items if not isinstance(item, InputProblem))
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
    full: Annotated[bool, typer.Option(
        "--full", help="With --format md: every claim of every document, whole (report.md "
        "is the bounded summary an editor posts).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    offline: OfflineOption = False,
    processes: JobsOption = None,
    chosen_engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    no_cache: NoCacheOption = False,
    color: ColorOption = Color.auto,
    config_path: ConfigOption = None,
) -> None:
    """Audit a corpus (by default the configured one): update claims.yaml, write the reports,
    print the summary."""
    from claimcheck import report

    if full and format.value != formats.Format.MD:
        raise fail("--full is for --format md (the whole per-claim Markdown report)")
    project = load_project(config_path, catalog_path, repairs=True,
                           cached=None if no_cache else "write").offline(offline)
    given = inputs(paths) if paths else project.corpus()
    if any(isinstance(i, ingest.Stdin) for i in given):
        raise fail("audit keeps a catalogue of files and web pages, so it does not read "
                   "standard input (use scan or check for -)")
    folder = reports or shown(project.settings.reports)
    blocked = yamlfile.unwritable_folder(folder)
    if blocked:
        raise fail(f"{folder}: cannot write the reports: {blocked}")
    problems: list[InputProblem] = []
    files = [i for i in noting(ingest.collect(given, project.settings.exclude), problems)
             if not isinstance(i, InputProblem)]
    from claimcheck import incremental

    shown_on = terminal(color)
    answers = None
    if Answers.keeps(files, no_cache, problems):
        answers = Answers(shown(project.settings.cache), project.settings, project.registry,
                          project.catalog, files,
                          (format.value, full, str(folder), repr(given), shown_on))
        done = answers.given()
        if done:
            typer.echo(f"{project.catalog}: unchanged", err=True)
            typer.echo(f"{folder}/: unchanged", err=True)
            sys.stdout.write(done.stdout)
            raise typer.Exit(Exit.OK)
    cache = None if no_cache else incremental.AnalysisCache(shown(project.settings.cache),
                                                            project.settings)
    stream = pipeline.stream(files, project.settings, project.registry, project.library,
                             jobs(processes), cache, engine(chosen_engine, scheduler, processes))
    built = report.build(noting(progress(stream, len(files), quiet, color), problems),
                         project.registry, problems=tuple(problems))
    results = View(built.documents, lambda d: d.result)
    if results:
        try:
            updated = catalog.update(
                project.catalog, results, project.registry,
                [i for i in given if isinstance(i, Path)], project.settings.catalog_format,
                None if no_cache else incremental.Entries(shown(project.settings.cache),
                                                          project.catalog))
        except YamlFileError as exc:
            raise fail(str(exc)) from None
        if not no_cache and updated.changed:
            incremental.remember_library(project.catalog, project.registry,
                                         shown(project.settings.cache), updated.library)
        repaired = (f" ({len(updated.merged)} claim id(s) listed twice merged into one entry "
                    f"each, every review kept)" if updated.merged else "")
        typer.echo(f"{project.catalog}: {'updated' if updated.changed else 'unchanged'}"
                   f"{repaired}", err=True)
        run = report.to_records(built)
        sections = None if no_cache else incremental.Sections(shown(project.settings.cache))
        try:
            written = [name for name, fmt in report.REPORT_FILES.items()
                       if yamlfile.write_if_changed(folder / name,
                                                    report.chunks(fmt, run, sections))]
        except YamlFileError as exc:
            raise fail(str(exc)) from None
        typer.echo(f"{folder}/: {', '.join(written) + ' written' if written else 'unchanged'}",
                   err=True)
        shown_text = printed(pieces(run, format.value, full, shown_on))
        if answers is not None:
            answers.keep(shown_text, updated, project.library,
                         [folder / name for name in report.REPORT_FILES])
    raise typer.Exit(Exit.ERROR if problems or not results else Exit.OK)


Level = Enum("Level", {level: level for level in ("error", "warning", "info")}, type=str)
RuleFormat = Enum("RuleFormat", {kind: kind for kind in ("text", "md", "json")}, type=str)


@app.command(epilog="Examples:\n\n  claimcheck check\n\n"
             "  claimcheck check docs/ --diff origin/main --format github\n\n"
             "  claimcheck check --select CC1 --ignore CC105 --fail-on warning\n\n"
             "  claimcheck check --statistics\n\n"
             "  claimcheck check --format sarif > claimcheck.sarif")
def check(
    paths: PathsArgument = None,
    format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="auto: github under GitHub Actions (GITHUB_ACTIONS=true), "
        "concise (one line per finding) otherwise.")] = CheckFormat.auto,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="A claims catalogue whose claims never fail (default: the "
        "configured claims.yaml).", show_default=False)] = None,
    diff: Annotated[str | None, typer.Option(
        "--diff", help="Only report findings on lines changed since this git ref.",
        show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(
        "--select", help="Only these rules: codes, prefixes (CC1) or names, repeated or "
        "comma-separated; overrides the configuration's disable.", metavar="CODE",
        show_default=False)] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", help="Turn these rules off (codes, prefixes or names).", metavar="CODE",
        show_default=False)] = None,
    fail_on: Annotated[Level | None, typer.Option(
        "--fail-on", help="The lowest level that fails, instead of the configuration's.",
        show_default=False)] = None,
    statistics: Annotated[bool, typer.Option(
        "--statistics", help="Print the number of findings per rule instead of the findings "
        "(as JSON with --format json).")] = False,
    stdin_filename: StdinFilenameOption = None,
    offline: OfflineOption = False,
    processes: JobsOption = None,
    chosen_engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Exit 0 even when the policy fails (findings are still printed); "
        "usage, configuration and input errors still exit 2.")] = False,
    color: ColorOption = Color.auto,
    no_cache: NoCacheOption = False,
    config_path: ConfigOption = None,
) -> None:
    """Check content against the policy, like a linter: exit 0 when it holds, 1 when it
    fails, 2 on usage, configuration or input errors. Never writes (but the cache of fetched
    web pages)."""
    import os

    from claimcheck import gate

    chosen = formats.Format(format.value) if format.value != "auto" else (
        formats.Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true"
        else formats.Format.CONCISE)
    if statistics and chosen not in (formats.Format.CONCISE, formats.Format.TABLE,
                                     formats.Format.JSON):
        raise fail(f"--statistics prints counts for the terminal or JSON, not with --format "
                   f"{chosen.value}")
    project = load_project(config_path, cached=None if no_cache else "read").offline(offline)
    try:
        policy = gate.override(project.settings.check, select or (), ignore or (),
                               fail_on.value if fail_on else None)
    except KeyError as exc:
        raise fail(f"--select/--ignore: {exc.args[0]}") from None
    given = inputs(paths, stdin_filename) if paths else project.corpus()
    files = [str(i) for i in given if isinstance(i, Path)]
    try:
        known = ({e["id"] for e in catalog.entries(baseline)} if baseline
                 else project.library.ids)
        changed = gate.changed_lines(diff, files) if diff and files else {} if diff else None
    except (YamlFileError, gate.GateError) as exc:
        raise fail(str(exc)) from None
    problems: list[InputProblem] = []
    from claimcheck import report

    stream = noting(pipeline.stream(given, project.settings, project.registry,
                                    project.library, jobs(processes),
                                    engine=engine(chosen_engine, scheduler, processes)),
                    problems)
    built = report.build(stream, project.registry, gate=partial(
        gate.evaluate, policy=policy, baseline=frozenset(known),
        changed=changed))
    run = report.to_records(built)
    sys.stdout.write(_findings(run, chosen, statistics, terminal(color)))
    if built.problems:
        raise typer.Exit(Exit.ERROR)
    raise typer.Exit(Exit.POLICY if run.check["failed"] and not exit_zero else Exit.OK)


def _findings(run, chosen: formats.Format, statistics: bool, shown_on) -> str:
    """`check`'s output: the findings in the chosen format, or their counts per rule."""
    from claimcheck.report import concise

    if statistics and chosen is formats.Format.JSON:
        import json

        from claimcheck.report import records

        return json.dumps({"schema": records.SCHEMA, "statistics": concise.counts(run),
                           "summary": run.check}, indent=1) + "\n"
    if statistics:
        return concise.statistics(run, width=shown_on.width, color=shown_on.color)
    render = formats.renderer(formats.FINDINGS, chosen)
    if chosen is formats.Format.CONCISE:
        return render(run, width=shown_on.width, color=shown_on.color)
    if chosen is formats.Format.TABLE:
        return render(run, width=shown_on.table_width, color=shown_on.color)
    return render(run)


@app.command(epilog="Examples:\n\n  claimcheck rule CC102\n\n  claimcheck rule hype\n\n"
             "  claimcheck rule --all --format md > docs/rules.md")
def rule(
    code: Annotated[str | None, typer.Argument(
        help="A rule's code or name.", show_default=False)] = None,
    every: Annotated[bool, typer.Option("--all", help="Every rule.")] = False,
    format: Annotated[RuleFormat, typer.Option(
        "--format", "-f", help="text for the terminal, md (docs/rules.md is --all --format "
        "md) or json.")] = RuleFormat.text,
) -> None:
    """Print a rule's documentation: what it catches, why it matters, an example, what to
    write instead."""
    import json

    from claimcheck.gate import rules

    if (code is None) == (not every):
        raise fail("name one rule (claimcheck rule CC102) or give --all")
    try:
        chosen = list(rules.RULES.values()) if every else [rules.find(code)]
    except KeyError as exc:
        raise fail(exc.args[0]) from None
    kind = format.value
    if kind == "json":
        records = [rules.record(r) for r in chosen]
        sys.stdout.write(json.dumps(records if every else records[0], indent=2,
                                    ensure_ascii=False) + "\n")
    elif kind == "md":
        sys.stdout.write(rules.markdown_page() if every else rules.markdown(chosen[0]))
    else:
        width = terminal().width or 88
        sys.stdout.write("\n".join(rules.text(r, width) for r in chosen))


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
    project = load_project(config_path, catalog_path)
    who = reviewer or getpass.getuser()
    when = date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(when)
    except ValueError:
        raise fail(f"--date must be YYYY-MM-DD, not {when!r}") from None
    try:
        if claim_id is None:
            from claimcheck.catalog import walk

            walk.walk(project.catalog, project.registry, who, when,
                      fmt=project.settings.catalog_format)
            raise typer.Exit(Exit.OK)
        if verdict is None:
            raise fail("--verdict is required with a claim id "
                        f"({', '.join(v.value for v in Verdict)})")
        replaced = catalog.set_review(project.catalog, claim_id, project.registry,
                                      verdict=verdict.value, sources=source or (), note=note,
                                      reviewer=who, date=when,
                                      fmt=project.settings.catalog_format)
    except YamlFileError as exc:
        raise fail(str(exc)) from None
    if replaced is not None:
        typer.echo(f"claimcheck: warning: {claim_id}: this replaces the review "
                   f"{describe(replaced)}; it is kept in the claim's history", err=True)
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

    project = load_project(config_path, catalog_path)
    try:
        entry = next((e for e in catalog.entries(project.catalog) if e["id"] == claim_id), None)
    except YamlFileError as exc:
        raise fail(str(exc)) from None
    if entry is None:
        raise fail(f"{project.catalog}: no claim {claim_id!r}")
    found = []
    fetcher = pipeline.fetcher_for(project.settings)
    for place in entry.get("places") or []:
        where = str(place["document"])
        source = ingest.Url(where) if ingest.is_url(where) \
            else shown(project.catalog.parent / where)
        if isinstance(source, ingest.Url) or source.exists():
            try:
                document = ingest.read(source, fetcher)
            except ingest.InputError as exc:
                raise fail(str(exc)) from None
            result = pipeline.analyse(document, project.settings, project.registry,
                                      project.library)
            found.extend((document, a) for a in result.analyses if a.id == claim_id
                         and (document, a) not in found)
    sys.stdout.write(explain_report.render(entry, found, project.registry,
                                           width=terminal().width or 100))


@catalog_app.command("prune", epilog="Example:\n\n  claimcheck catalog prune")
def catalog_prune(catalog_path: CatalogOption = None, config_path: ConfigOption = None) -> None:
    """Remove orphaned claims: reviewed claims that no audited document contains any more."""
    project = load_project(config_path, catalog_path)
    try:
        removed = catalog.prune(project.catalog, project.settings.catalog_format)
    except YamlFileError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{project.catalog}: {removed} orphaned claim(s) removed", err=True)


@catalog_app.command("accept-suggestions",
                     epilog="Example:\n\n  claimcheck catalog accept-suggestions")
def catalog_accept(catalog_path: CatalogOption = None, config_path: ConfigOption = None) -> None:
    """Apply every suggested library match: copy the reviewed claim's verdict onto the claim
    it resembles."""
    project = load_project(config_path, catalog_path)
    try:
        accepted = catalog.accept_suggestions(project.catalog, project.registry,
                                              project.settings.catalog_format)
    except YamlFileError as exc:
        raise fail(str(exc)) from None
    for claim_id, library_id in accepted:
        typer.echo(f"{claim_id}: review of {library_id} accepted", err=True)
    typer.echo(f"{project.catalog}: {len(accepted)} suggestion(s) accepted", err=True)
