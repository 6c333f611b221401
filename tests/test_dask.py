"""The Dask engine gives, byte for byte, what the local engine gives: the JSON of scan, the
SARIF of check, and claims.yaml and every report of audit, on the bundled corpus plus 200
generated pages, on a distributed.LocalCluster of two worker processes."""

from __future__ import annotations

import logging
import sys

import pytest

from claimcheck.cli import Exit

from .test_scale import audited, site  # noqa: F401 (the corpus fixture)

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def test_the_dask_engine_changes_not_a_byte(cli, site, scheduler, monkeypatch):  # noqa: F811
    monkeypatch.chdir(site)
    dask = ("--engine", "dask", "--scheduler", scheduler)
    local = audited(cli, site, "local", "--jobs", "1", "--no-cache")
    assert audited(cli, site, "dask", *dask, "--no-cache") == local
    assert audited(cli, site, "dask-cached", *dask) == local  # the workers fill the cache
    scans = [cli("scan", "-f", "json", *options, "corpus")
             for options in (("-j", "1"), dask)]
    assert scans[0].exit_code == scans[1].exit_code == Exit.OK
    assert scans[0].stdout == scans[1].stdout
    checks = [cli("check", "-f", "sarif", *options, "corpus") for options in (("-j", "1"), dask)]
    assert checks[0].stdout == checks[1].stdout
    assert checks[0].exit_code == checks[1].exit_code == Exit.POLICY


def test_a_local_cluster_is_started_when_no_scheduler_is_given(cli, site, monkeypatch):  # noqa: F811
    monkeypatch.chdir(site)
    pages = ("corpus/ketamine-ptsd", "corpus/generated/page-001.md", "-", "nowhere.md")
    given = "Our clinic cures 99% of patients.\n"
    local = cli("scan", "-f", "json", "-j", "1", *pages, input=given)
    dask = cli("scan", "-f", "json", "--engine", "dask", "-j", "2", *pages, input=given)
    assert local.exit_code == dask.exit_code == Exit.ERROR  # nowhere.md does not exist
    assert local.stdout == dask.stdout and "cures 99%" in dask.stdout
    assert local.stderr == dask.stderr


def test_without_dask_installed_the_engine_is_one_line(cli, site, monkeypatch):  # noqa: F811
    monkeypatch.chdir(site)
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = cli("scan", "--engine", "dask", "corpus/generated/page-001.md")
    assert result.exit_code == Exit.ERROR
    assert result.stderr == ("claimcheck: error: the dask engine needs Dask: "
                             "pip install 'claimcheck[dask]'\n")
    assert cli("scan", "--scheduler", "tcp://127.0.0.1:8786", "corpus").stderr == (
        "claimcheck: error: --scheduler is for --engine dask\n")


def test_workers_keep_the_cache_where_the_client_keeps_it(cli, site, scheduler, monkeypatch):  # noqa: F811
    monkeypatch.chdir(site)
    project = site / "elsewhere"
    project.mkdir()
    (project / "page.md").write_text("# Offer\n\nOur infusion cures 85% of migraines.\n")
    (project / "claimcheck.yaml").write_text("cache: kept-here\n")
    monkeypatch.chdir(project)
    result = cli("audit", "page.md", "--quiet", "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == Exit.OK, result.stderr
    assert len(list((project / "kept-here" / "analysis").rglob("*.pickle"))) == 1
