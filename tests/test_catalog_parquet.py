"""The Parquet catalogue: generated claims in claims.parquet/, reviews in claims.yaml, and
nothing a person wrote ever lost on the way between them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from claimcheck import catalog
from claimcheck.catalog import columns
from claimcheck.cli import Exit

from .conftest import catalogue_bytes
from .test_catalog import PAGE, SAFE, claims, review_safe, site  # noqa: F401 (a fixture)
from .test_catalog_integrity import one_line_error


@pytest.fixture
def catalog_format() -> str:
    return "parquet"


def use(site: Path, fmt: str) -> None:
    (site / "claimcheck.yaml").write_text(f"corpus: pages\ncatalog-format: {fmt}\n")


def yaml_ids(site: Path) -> set[str]:
    return {e["id"] for e in yaml.safe_load((site / "claims.yaml").read_text())["claims"] or []}


def test_a_review_survives_a_round_trip_through_the_parquet_catalogue(cli, site):
    assert cli("audit").exit_code == Exit.OK
    everything = {e["id"] for e in catalog.entries(site / "claims.yaml")}
    assert yaml_ids(site) == set() and len(everything) == 3
    frame = pd.read_parquet(site / "claims.parquet")  # pandas and Dask read it as it is
    assert set(frame["id"]) == everything and SAFE in set(frame["text"])
    assert set(dd.read_parquet(site / "claims.parquet")["id"].compute()) == everything

    claim_id = review_safe(cli, site)  # a claim read from Parquet, now reviewed
    assert yaml_ids(site) == {claim_id}
    assert claim_id not in set(pd.read_parquet(site / "claims.parquet")["id"])
    review = claims(site)[SAFE]["review"]
    assert review["verdict"] == "contradicted" and review["date"] == dt.date(2026, 11, 21)

    (site / "claims.yaml").write_text((site / "claims.yaml").read_text().replace(
        "      verdict: contradicted\n", "      verdict: contradicted  # checked twice\n"))
    edited = (site / "claims.yaml").read_bytes()
    (site / "pages" / "knee.txt").write_text(PAGE + "Results last for ten years.\n")
    assert cli("audit").exit_code == Exit.OK  # the other claims change; the review does not
    assert (site / "claims.yaml").read_bytes() == edited
    assert len(catalog.entries(site / "claims.yaml")) == 4

    use(site, "yaml")  # everything back into claims.yaml, the dataset gone
    assert cli("audit").exit_code == Exit.OK
    assert not (site / "claims.parquet").exists() and len(yaml_ids(site)) == 4
    assert "# checked twice" in (site / "claims.yaml").read_text()
    use(site, "parquet")
    assert cli("audit").exit_code == Exit.OK
    assert yaml_ids(site) == {claim_id} and claims(site)[SAFE]["review"] == review
    assert "# checked twice" in (site / "claims.yaml").read_text()


def test_an_unchanged_audit_leaves_the_dataset_as_it_was_and_the_bytes_follow_the_rows(
        cli, site):
    cli("audit")
    part = site / "claims.parquet" / "part-00000.parquet"
    before, stamp = catalogue_bytes(site / "claims.yaml"), part.stat().st_mtime_ns
    assert "claims.yaml: unchanged" in cli("audit", "--no-cache").stderr
    assert catalogue_bytes(site / "claims.yaml") == before and part.stat().st_mtime_ns == stamp
    for item in (site / "claims.parquet", site / "claims.yaml"):
        if item.is_dir():
            for p in item.iterdir():
                p.unlink()
            item.rmdir()
        else:
            item.unlink()
    cli("audit", "--no-cache")
    assert catalogue_bytes(site / "claims.yaml") == before


def test_auto_moves_the_generated_claims_to_parquet_beyond_its_size_and_back(
        cli, site, monkeypatch):
    use(site, "auto")
    cli("audit")
    assert not (site / "claims.parquet").exists() and len(yaml_ids(site)) == 3
    monkeypatch.setattr(columns, "AUTO_PLACES", 2)
    cli("audit", "--no-cache")
    assert yaml_ids(site) == set() and len(catalog.entries(site / "claims.yaml")) == 3
    monkeypatch.setattr(columns, "AUTO_PLACES", 50)
    cli("audit", "--no-cache")
    assert not (site / "claims.parquet").exists() and len(yaml_ids(site)) == 3


def test_suggestions_are_kept_in_parquet_and_accepting_them_moves_the_claims(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site, "approved")
    near = SAFE.replace("completely", "totally")
    (site / "pages" / "hip.txt").write_text(f"Hip\n\n{near}\n")
    cli("audit")
    suggested = claims(site)[near]
    assert suggested["library"] == {"id": claim_id, "match": "suggested",
                                    "similarity": suggested["library"]["similarity"]}
    assert suggested["id"] not in yaml_ids(site)  # a suggestion is generated, in Parquet
    assert cli("catalog", "accept-suggestions").exit_code == Exit.OK
    assert yaml_ids(site) == {claim_id, suggested["id"]}
    assert claims(site)[near]["review"]["verdict"] == "approved"


def test_prune_removes_an_orphan_and_leaves_the_generated_claims(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site, "approved")
    (site / "pages" / "knee.txt").write_text(PAGE.replace(SAFE + "\n", ""))
    cli("audit")
    orphans = [e["id"] for e in catalog.entries(site / "claims.yaml") if e.get("orphaned")]
    assert orphans == [claim_id]
    assert cli("catalog", "prune").exit_code == Exit.OK
    left = catalog.entries(site / "claims.yaml")
    assert len(left) == 2 and not any(e.get("orphaned") for e in left)
    assert yaml_ids(site) == set() and (site / "claims.parquet").is_dir()


def test_a_part_that_is_no_catalogue_is_one_line_naming_it(cli, site):
    cli("audit")
    part = site / "claims.parquet" / "part-00000.parquet"
    pq.write_table(pa.table({"id": ["c-1"], "words": ["x"]}), part)
    one_line_error(cli("audit"), "claims.parquet/part-00000.parquet: not a claimcheck catalogue")
    part.write_bytes(b"PAR1 not really")
    for command in (["audit"], ["check", "pages"], ["review", "c-1", "--verdict", "approved"]):
        one_line_error(cli(*command), "claims.parquet/part-00000.parquet: not a readable Parquet")
    assert part.read_bytes() == b"PAR1 not really"


def test_a_bad_entry_in_a_part_is_refused_like_one_in_claims_yaml(cli, site):
    cli("audit")
    dataset = site / "claims.parquet"
    entries = [e for _, e in columns.read(dataset, catalog.CatalogError)]
    entries[0]["places"] = [{"document": "pages/knee.txt", "line": 0}]
    columns.write(dataset, entries, catalog.CatalogError)
    one_line_error(cli("audit"), "part-00000.parquet", "a place's line must be a number from 1")


def test_the_format_is_checked_where_it_is_configured(cli, site, monkeypatch):
    (site / "claimcheck.yaml").write_text("corpus: pages\ncatalog-format: csv\n")
    one_line_error(cli("audit"), "claimcheck.yaml", "catalog-format must be one of auto, yaml, "
                   "parquet, not 'csv'")
    use(site, "parquet")
    monkeypatch.setattr(columns, "available", lambda: False)
    one_line_error(cli("audit"), "claimcheck.yaml", "pip install 'claimcheck[parquet]'")


def test_a_dataset_without_pyarrow_is_one_line_and_auto_stays_yaml(cli, site, monkeypatch):
    cli("audit")
    use(site, "auto")
    monkeypatch.setattr(columns, "available", lambda: False)
    one_line_error(cli("audit"), "claims.parquet: the Parquet catalogue needs pyarrow")
    columns.remove(site / "claims.parquet", catalog.CatalogError)
    monkeypatch.setattr(columns, "AUTO_PLACES", 0)
    assert cli("audit", "--no-cache").exit_code == Exit.OK
    assert not (site / "claims.parquet").exists() and len(yaml_ids(site)) == 3
