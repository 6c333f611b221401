"""Crossref and PubMed look-ups over HTTP, politely: a contact address in the User-Agent (and
Crossref's `mailto`), a minimum interval between requests to each service, a timeout,
retries with exponential backoff (and Retry-After) on 429 and 5xx, and every response
cached on disk (requests-cache), so a re-run is offline and instant. `offline=True` answers
from the cache only.

Crossref: https://api.crossref.org/works/{doi} and /works?query.bibliographic=...; notices
(retractions, corrections) arrive as `updated-by` on the work. PubMed: E-utilities
esummary and esearch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import requests
import requests_cache
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from claimcheck.ingest import web

CROSSREF = "https://api.crossref.org"
PUBMED = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
TIMEOUT = 15
INTERVAL = {"api.crossref.org": 0.1, "eutils.ncbi.nlm.nih.gov": 0.34}
"""Seconds between requests to each host: Crossref's polite pool; NCBI's 3 a second."""
CACHE_FOR = timedelta(days=30)


class NetworkError(Exception):
    """A service could not be reached (or, offline, the answer is not in the cache)."""


@dataclass
class Services:
    cache: Path
    contact: str | None = None
    offline: bool = False

    def __post_init__(self) -> None:
        self.session = requests_cache.CachedSession(
            str(self.cache / "http"), backend="filesystem", expire_after=CACHE_FOR,
            allowable_codes=(200, 404), stale_if_error=True)
        retries = Retry(total=3, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504),
                        allowed_methods=("GET",), respect_retry_after_header=True)
        self.session.mount("https://", HTTPAdapter(max_retries=retries))
        self.session.headers["User-Agent"] = web.user_agent(self.contact)
        self._last: dict[str, float] = {}
        self._down: dict[str, str] = {}

    def get(self, url: str, params: dict | None = None) -> dict | None:
        """The JSON at `url`, or None for a 404. Raises NetworkError when unreachable."""
        host = url.split("/")[2]
        if host in self._down and not self.offline:
            raise NetworkError(self._down[host])  # one unreachable host fails fast after that
        if host == "api.crossref.org" and self.contact:
            params = {**(params or {}), "mailto": self.contact}
        try:
            if self.offline:
                response = self.session.get(url, params=params, only_if_cached=True,
                                            timeout=TIMEOUT)
                if response.status_code == 504:
                    raise NetworkError(f"{host}: not in the cache (offline)")
            else:
                self._wait(host)
                response = self.session.get(url, params=params, timeout=TIMEOUT)
                if not getattr(response, "from_cache", False):
                    self._last[host] = time.monotonic()
        except (requests.ConnectionError, requests.Timeout) as exc:
            self._down[host] = f"{host}: cannot connect ({web.reason(exc, TIMEOUT)})"
            raise NetworkError(self._down[host]) from None
        except requests.RequestException as exc:
            raise NetworkError(f"{host}: {web.reason(exc, TIMEOUT)}") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise NetworkError(f"{host}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise NetworkError(f"{host}: the answer is not JSON") from None

    def _wait(self, host: str) -> None:
        gap = INTERVAL.get(host, 0.0) - (time.monotonic() - self._last.get(host, -1e9))
        if gap > 0:
            time.sleep(gap)

    # --- Crossref -----------------------------------------------------------------------

    def crossref_work(self, doi: str) -> dict | None:
        data = self.get(f"{CROSSREF}/works/{quote(doi, safe='/()')}")
        return data.get("message") if data else None

    def crossref_search(self, query: str, year: int | None = None, rows: int = 5) -> list[dict]:
        params = {"query.bibliographic": query, "rows": rows}
        if year:
            params["filter"] = f"from-pub-date:{year},until-pub-date:{year}"
        data = self.get(f"{CROSSREF}/works", params)
        return list(((data or {}).get("message") or {}).get("items") or [])

    # --- PubMed -------------------------------------------------------------------------

    def pubmed_summary(self, pmid: str) -> dict | None:
        data = self.get(f"{PUBMED}/esummary.fcgi", {"db": "pubmed", "id": pmid,
                                                    "retmode": "json"})
        record = ((data or {}).get("result") or {}).get(str(pmid))
        return record if record and "error" not in record else None

    def pubmed_search(self, term: str) -> list[str]:
        data = self.get(f"{PUBMED}/esearch.fcgi", {"db": "pubmed", "term": term,
                                                   "retmode": "json", "retmax": 5})
        return list(((data or {}).get("esearchresult") or {}).get("idlist") or [])
