"""Web addresses as inputs: fetched politely, bounded, cached, and read by their content type.

`Fetcher.fetch(url)` answers with the bytes of the page at the end of any redirects, which
reader they call for (the `Content-Type`, else the address's suffix), the charset the server
declared, and the redirects passed through. The answers live in a requests-cache store under
the configured cache folder, so a re-run within a day does not touch the network and
`offline=True` answers from the cache alone (however old the entry). A body is read through
a counter that stops at the size limit, and a content type that is no document or a declared
length past the limit is refused before the body is read. requests is imported on the first fetch: commands that read only
files never load it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from claimcheck import installed_version
from claimcheck.config import Fetch
from claimcheck.model import Origin

SCHEMES = ("http://", "https://")
KEEP_FOR = timedelta(days=1)
"""How long a fetched page is answered from the cache before it is fetched again."""

CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/pdf": ".pdf",
}
"""Content types that are documents, and the suffix of the reader each calls for."""
_UNTYPED = ("", "application/octet-stream", "binary/octet-stream")
"""Content types that say nothing: the address's own suffix decides."""


def is_url(text: str) -> bool:
    return text.lower().startswith(SCHEMES)


@dataclass(frozen=True)
class Url:
    """A web address named as an input."""

    url: str

    @property
    def name(self) -> str:
        return self.url


@dataclass(frozen=True)
class Page:
    """A fetched answer: the final address, its body and how to read it."""

    url: str
    data: bytes
    suffix: str
    charset: str | None
    origin: Origin


class FetchError(Exception):
    """A page that could not be fetched; `str()` is the reason, without the address."""


def user_agent(contact: str | None = None) -> str:
    """`claimcheck/VERSION`, with the contact address when one is configured."""
    agent = f"claimcheck/{installed_version()}"
    return f"{agent} (mailto:{contact})" if contact else agent


def reason(exc: Exception, timeout: float) -> str:
    """The root cause of a requests error in a few words ("Connection refused")."""
    import requests
    from urllib3.exceptions import MaxRetryError, NewConnectionError, TimeoutError

    cause = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):  # the retry policy wraps the timeout it gave up on
        cause = cause.reason
    timed_out = isinstance(cause, TimeoutError) and not isinstance(cause, NewConnectionError)
    if isinstance(exc, requests.Timeout) or timed_out:  # (urllib3 files a refusal under both)
        return f"no answer within {timeout:g} s"
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if errno:
        return errno.group(1).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def reader_suffix(content_type: str, url: str) -> str | None:
    """The suffix of the reader a body calls for; None when it is no document."""
    mime = content_type.split(";")[0].strip().lower()
    if mime in CONTENT_TYPES:
        return CONTENT_TYPES[mime]
    if mime in _UNTYPED:
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        return suffix if suffix in {*CONTENT_TYPES.values(), ".htm", ".markdown", ".text"} \
            else None
    return None


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1).lower() if match else None


@dataclass
class Fetcher:
    """Fetches web pages into one cache; made once per run, its session opened on first use."""

    cache: Path
    settings: Fetch = field(default_factory=Fetch)
    contact: str | None = None
    _session: Any = field(default=None, init=False, repr=False)

    def fetch(self, url: str) -> Page:
        """The page at `url`, after redirects. Raises FetchError with a one-line reason."""
        import requests

        session = self._open()
        try:
            if self.settings.offline:
                response = session.get(url, only_if_cached=True, timeout=self.settings.timeout)
                if response.status_code == 504:
                    raise FetchError("not in the cache (offline: run once without --offline)")
            else:  # stream: the hook reads the body, through the size limit
                response = session.get(url, stream=True, timeout=self.settings.timeout)
        except requests.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema):
            raise FetchError("not a valid web address") from None
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise FetchError(f"cannot fetch ({reason(exc, self.settings.timeout)})") from None
        except requests.RequestException as exc:
            raise FetchError(reason(exc, self.settings.timeout)) from None
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
        content_type = response.headers.get("Content-Type", "")
        suffix = reader_suffix(content_type, response.url)
        if suffix is None:  # only a cached answer gets here; the hook refused the others
            raise FetchError(_not_a_document(content_type))
        origin = Origin(url, tuple(r.url for r in response.history), content_type)
        return Page(response.url, response.content, suffix, _charset(content_type), origin)

    def _open(self):
        if self._session is None:
            import requests_cache
            from requests.adapters import HTTPAdapter
            from urllib3.util.retry import Retry

            session = requests_cache.CachedSession(
                str(self.cache / "pages"), backend="filesystem", expire_after=KEEP_FOR,
                allowable_codes=(200,), stale_if_error=True)
            retries = Retry(total=2, connect=0, read=0, backoff_factor=0.5,
                            status_forcelist=(429, 502, 503, 504), allowed_methods=("GET",),
                            respect_retry_after_header=True, raise_on_status=False)
            for prefix in SCHEMES:
                session.mount(prefix, HTTPAdapter(max_retries=retries))
            session.headers["User-Agent"] = user_agent(self.contact)
            session.headers["Accept"] = ("text/html,application/xhtml+xml,text/plain;q=0.9,"
                                         "text/markdown;q=0.9,*/*;q=0.1")
            session.hooks["response"].append(self._bound)
            self._session = session
        return self._session

    def _bound(self, response, *args, **kwargs):
        """Refuse a body that is no document or too large before reading it, then read it
        through a counter. requests-cache runs this hook before it stores the answer (and
        again after), so what it stores is this bounded body."""
        if getattr(response, "from_cache", False) or response.status_code != 200 \
                or response._content is not False:  # already read: the second run
            return response
        content_type = response.headers.get("Content-Type", "")
        if reader_suffix(content_type, response.url) is None:
            response.close()
            raise FetchError(_not_a_document(content_type))
        limit = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise FetchError(_too_large(limit, int(declared)))
        chunks, total = [], 0
        for chunk in response.raw.stream(_CHUNK, decode_content=True):
            total += len(chunk)
            if total > limit:  # undeclared, understated or decompressed past the limit
                response.close()
                raise FetchError(_too_large(limit))
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


_CHUNK = 1 << 16


def _not_a_document(content_type: str) -> str:
    shown = content_type.split(";")[0].strip() or "none given"
    return (f"not a document (content type {shown}; readable: "
            f"{', '.join(sorted(CONTENT_TYPES))})")


def _too_large(limit: int, size: int | None = None) -> str:
    size_text = f" ({size / 1e6:.1f} MB)" if size is not None else ""
    return f"larger than the {limit / 1e6:g} MB limit{size_text}"
