"""What lets an audit hold one document at a time: the spool a run's documents are kept in,
and reports written in pieces, a file rewritten only when its bytes change."""

from __future__ import annotations

import pickle
import stat

import pytest

from claimcheck import yamlfile
from claimcheck.report.spool import Spool, View


def test_a_spool_reads_back_what_was_put_in_any_order_and_at_once():
    spool: Spool[dict] = Spool()
    items = [{"path": f"page-{i}.md", "text": "é" * i, "n": i} for i in range(50)]
    for item in items:
        spool.append(item)
    assert len(spool) == 50 and list(spool) == items
    assert spool[7] == items[7] and spool[-1] == items[-1] and spool[10:13] == items[10:13]
    pairs = [(a["n"], b["n"]) for a in spool for b in spool if b["n"] < 2]
    assert pairs == [(i, j) for i in range(50) for j in range(2)]  # two readers at once
    assert spool[3] is not spool[3]  # read afresh: nothing is kept
    with pytest.raises(IndexError):
        spool[50]
    with pytest.raises(TypeError):
        pickle.dumps(spool)


def test_a_view_works_its_function_out_on_every_read():
    spool: Spool[int] = Spool()
    for n in range(5):
        spool.append(n)
    calls = []
    view = View(spool, lambda n: calls.append(n) or n * n)
    assert len(view) == 5 and list(view) == [0, 1, 4, 9, 16] and view[2] == 4
    assert view[1:3] == [1, 4] and list(view) == [0, 1, 4, 9, 16]
    assert len(calls) == 13
    assert not View(Spool(), str)


def test_a_file_written_in_pieces_is_rewritten_only_when_it_changes(tmp_path):
    path = tmp_path / "reports" / "index.html"
    assert yamlfile.write_if_changed(path, iter(["<p>", "ünïcode", "</p>\n"]))
    assert path.read_text(encoding="utf-8") == "<p>ünïcode</p>\n"
    path.chmod(0o640)
    before = path.stat().st_mtime_ns
    assert not yamlfile.write_if_changed(path, iter(["<p>ünï", "code</p>\n"]))
    assert path.stat().st_mtime_ns == before
    assert yamlfile.write_if_changed(path, iter(["<p>", "other", "</p>\n"]))
    assert path.read_text(encoding="utf-8") == "<p>other</p>\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the file keeps its permissions
    assert [p.name for p in path.parent.iterdir()] == ["index.html"]  # no temporary left


def test_a_failed_piece_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "report.json"
    path.write_text("old\n")

    def pieces():
        yield "new, half"
        raise RuntimeError("the renderer broke")

    with pytest.raises(RuntimeError):
        yamlfile.write_if_changed(path, pieces())
    assert path.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == [
        "report.json"]
    (tmp_path / "folder").mkdir()
    with pytest.raises(yamlfile.YamlFileError, match="it is a folder"):
        yamlfile.write_if_changed(tmp_path / "folder", iter(["x"]))
