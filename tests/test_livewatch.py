"""`mkdocs serve` notices an edit within a tenth of a second (macros/site/livewatch.py): the
poll interval of mkdocs' live-reload watcher, for the folders watched before the hook runs
(docs/, mkdocs.yml) and those watched after it (the plans, `watch:` in mkdocs.yml)."""
from __future__ import annotations

from types import SimpleNamespace

from mkdocs.livereload import LiveReloadServer

from macros.site import livewatch


def test_every_watched_folder_is_polled_ten_times_a_second(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "plans").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path / "docs"))  # mkdocs watches docs/ before plugins' on_serve
        assert {e.timeout for e in server.observer.emitters} == {0.5}  # mkdocs' own interval
        assert livewatch.poll_often(server)
        server.watch(str(tmp_path / "plans"))  # ... and `watch:` after it
        assert len(server.observer.emitters) == 2
        assert {e.timeout for e in server.observer.emitters} == {livewatch.POLL_SECONDS}
        assert server.observer.timeout == livewatch.POLL_SECONDS
    finally:
        server.server_close()


def test_another_watcher_is_left_as_it_is():
    assert not livewatch.poll_often(SimpleNamespace())
    assert not livewatch.poll_often(SimpleNamespace(observer=SimpleNamespace(emitters=())))
