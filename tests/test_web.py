"""Web addresses as inputs, against a local HTTP server in a thread (never the network): the
content type picks the reader, redirects are followed and recorded, every failure is one line
naming the address while the other inputs are still audited, and a re-run with --offline
answers from the cache."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimcheck.cli import Exit

from .test_catalog_integrity import one_line_error

PAGE = (b"<html><head><title>Calm Clinic</title></head><body><main><h1>Calm Clinic</h1>"
        b"<p>Our infusions cure 95% of patients with depression.</p>"
        b"<p>Book a visit today.</p></main></body></html>")
LIMIT = 2000


class _Site(BaseHTTPRequestHandler):
    """The pages of a small clinic site, and every way a fetch can go wrong."""

    served: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        type(self).served.append(self.path)
        route = {
            "/page": (200, "text/html; charset=utf-8", PAGE),
            "/notes": (200, "text/plain", b"Magnesium cures anxiety in 9 of 10 adults.\n"),
            "/latin": (200, "text/html; charset=iso-8859-1",
                       "<p>Notre cure guérit 90% des patients.</p>".encode("latin-1")),
            "/draft.md": (200, "application/octet-stream",
                          b"# Draft\n\nThis tea reverses ageing in every user.\n"),
            "/missing": (404, "text/html", b"<p>gone</p>"),
            "/logo": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "/big": (200, "text/html", b"<p>" + b"x" * (LIMIT * 3) + b"</p>"),
        }
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/endless":  # no Content-Length: only the counter can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"y" * (LIMIT * 3) + b"</p>")
            return
        if self.path in ("/brochure", "/draft"):
            from .test_documents import brochure, draft

            route[self.path] = (200, "application/pdf", brochure()) if self.path == "/brochure" \
                else (200, "application/vnd.openxmlformats-officedocument.wordprocessingml."
                      "document", draft())
        status, content_type, body = route.get(self.path, (200, "text/html", PAGE))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A server on a free local port and a working directory configured to fetch from it
    with a short timeout and a small size limit; yields (base address, server)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Site.served = []
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claimcheck.yaml").write_text(
        f"fetch:\n  timeout: 0.5\n  max-bytes: {LIMIT}\n")
    yield f"http://127.0.0.1:{server.server_address[1]}", server
    server.shutdown()
    server.server_close()


def scanned(cli, *args: str) -> tuple[object, dict]:
    result = cli("scan", "--format", "json", *args)
    return result, json.loads(result.stdout)


def test_an_html_page_is_read_by_its_content_type_and_named_by_its_address(cli, site):
    base, _ = site
    result, data = scanned(cli, f"{base}/page")
    assert result.exit_code == Exit.OK, result.stderr
    document = data["documents"][0]
    assert document["path"] == f"{base}/page"
    assert document["fetched"] == {"requested": f"{base}/page", "redirects": [],
                                   "content_type": "text/html; charset=utf-8"}
    claim = next(s for s in document["statements"] if "95%" in s["text"])
    assert claim["text"] == "Our infusions cure 95% of patients with depression."
    assert "<p>" not in " ".join(s["text"] for s in document["statements"])


def test_a_redirect_is_followed_recorded_and_the_final_address_is_the_path(cli, site):
    base, _ = site
    result, data = scanned(cli, f"{base}/moved")
    assert result.exit_code == Exit.OK, result.stderr
    document = data["documents"][0]
    assert document["path"] == f"{base}/page"
    assert document["fetched"]["requested"] == f"{base}/moved"
    assert document["fetched"]["redirects"] == [f"{base}/moved"]


def test_plain_text_charsets_and_untyped_bodies_pick_their_reader(cli, site):
    base, _ = site
    result, data = scanned(cli, f"{base}/notes", f"{base}/latin", f"{base}/draft.md")
    assert result.exit_code == Exit.OK, result.stderr
    notes, latin, draft = data["documents"]
    assert notes["statements"][0]["text"] == "Magnesium cures anxiety in 9 of 10 adults."
    assert latin["statements"][0]["text"] == "Notre cure guérit 90% des patients."
    assert draft["statements"][0]["text"] == "Draft"  # a Markdown heading, by the suffix


@pytest.mark.parametrize(("route", "message"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/slow", "cannot fetch (no answer within 0.5 s)"),
    ("/logo", "not a document (content type image/png; readable: "),
    ("/big", f"larger than the {LIMIT / 1e6:g} MB limit ({LIMIT * 3 / 1e6 + 7e-6:.1f} MB)"),
    ("/endless", f"larger than the {LIMIT / 1e6:g} MB limit"),
])
def test_each_failure_is_one_line_naming_the_address_and_the_rest_is_audited(cli, site, route,
                                                                            message):
    base, _ = site
    result, data = scanned(cli, f"{base}{route}", f"{base}/page")
    line = one_line_error(result, f"claimcheck: error: {base}{route}: ", message)
    assert result.exit_code == Exit.ERROR, line
    assert [d["path"] for d in data["documents"]] == [f"{base}/page"]
    assert [p["path"] for p in data["problems"]] == [f"{base}{route}"]


def test_a_refused_connection_is_one_line(cli, site):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result, _ = scanned(cli, f"http://127.0.0.1:{port}/page")
    one_line_error(result, f"http://127.0.0.1:{port}/page: cannot fetch (", "refused")
    assert result.exit_code == Exit.ERROR


def test_a_rerun_is_answered_from_the_cache_and_offline_never_touches_the_network(cli, site):
    base, server = site
    first, _ = scanned(cli, f"{base}/moved", f"{base}/notes")
    assert first.exit_code == Exit.OK
    served = list(_Site.served)
    again, _ = scanned(cli, f"{base}/moved", f"{base}/notes")
    assert _Site.served == served  # within a day, the cache answers
    server.shutdown()
    offline, data = scanned(cli, "--offline", f"{base}/moved", f"{base}/notes")
    assert offline.exit_code == Exit.OK, offline.stderr
    assert again.stdout == first.stdout == offline.stdout
    assert [d["path"] for d in data["documents"]] == [f"{base}/page", f"{base}/notes"]
    missed, _ = scanned(cli, "--offline", f"{base}/never-fetched")
    one_line_error(missed, f"{base}/never-fetched: not in the cache (offline", "")
    assert missed.exit_code == Exit.ERROR
    assert Path(".claimcheck-cache/pages").is_dir()


def test_audit_catalogues_a_web_page_by_its_address_and_keeps_files_beside_it(cli, site):
    base, _ = site
    Path("pages").mkdir()
    Path("pages/a.txt").write_text("This supplement prevents all colds.\n")
    result = cli("audit", "--quiet", "pages", f"{base}/page")
    assert result.exit_code == Exit.OK, result.stderr
    catalogue = Path("claims.yaml").read_text()
    assert f"document: {base}/page" in catalogue and "document: pages/a.txt" in catalogue
    report = json.loads(Path("reports/report.json").read_text())
    assert [d["path"] for d in report["documents"]] == ["pages/a.txt", f"{base}/page"]
    again = cli("audit", "--quiet", "pages")  # the page is not audited: its places stay
    assert again.exit_code == Exit.OK, again.stderr
    assert f"document: {base}/page" in Path("claims.yaml").read_text()


def test_audit_refuses_standard_input_in_one_line(cli, site):
    one_line_error(cli("audit", "-"), "audit keeps a catalogue", "does not read standard input")


def test_a_configured_corpus_may_list_web_addresses(cli, site):
    base, _ = site
    Path("claimcheck.yaml").write_text(f"corpus: ['{base}/page', notes.txt]\n")
    Path("notes.txt").write_text("Zinc shortens colds by half.\n")
    result = cli("check", "--format", "json")
    assert result.exit_code in (Exit.OK, Exit.POLICY), result.stderr
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {f"{base}/page", "notes.txt"}


def test_check_with_diff_counts_a_web_page_as_wholly_new(cli, site, tmp_path):
    import subprocess

    base, _ = site
    subprocess.run(["git", "init", "-q"], check=True)
    result = cli("check", "--format", "json", "--diff", "HEAD", f"{base}/page")
    assert result.exit_code == Exit.POLICY, result.stderr
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {f"{base}/page"}


def test_pdf_and_word_answers_are_read_by_their_content_type(cli, site):
    base, _ = site
    Path("claimcheck.yaml").write_text("fetch: {max-bytes: 5000000}\n")
    result, data = scanned(cli, f"{base}/brochure", f"{base}/draft")
    assert result.exit_code == Exit.OK, result.stderr
    brochure, draft = data["documents"]
    assert brochure["statements"][0]["location"] == "page 1, line 1"
    assert draft["statements"][0]["location"] == "paragraph 1"
