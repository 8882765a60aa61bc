"""`mkdocs serve` notices an edit to a plan within a tenth of a second (macros/site/livewatch.py):
the plans folder is polled ten times a second, the other watched folders as mkdocs polls them."""
from __future__ import annotations

from types import SimpleNamespace

from mkdocs.livereload import LiveReloadServer

from macros.site import livewatch


def intervals(server) -> dict:
    return {e.watch.path: e.timeout for e in server.observer.emitters}


def test_the_plans_folder_is_polled_ten_times_a_second(tmp_path):
    for name in ("docs", "plans", "macros"):
        (tmp_path / name).mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path / "docs"))  # mkdocs watches docs/ before plugins' on_serve
        assert livewatch.poll_often(server, [tmp_path / "plans"])
        server.watch(str(tmp_path / "macros"))  # ... and the `watch:` list after it
        server.watch(str(tmp_path / "plans"))  # (the plans folder is in that list too)
        assert intervals(server) == {str(tmp_path / "docs"): 0.5, str(tmp_path / "plans"): livewatch.POLL_SECONDS,
                                     str(tmp_path / "macros"): 0.5}
        assert server.observer.timeout == 0.5
    finally:
        server.server_close()


def test_another_watcher_is_left_as_it_is(tmp_path):
    assert not livewatch.poll_often(SimpleNamespace(), [tmp_path])
    assert not livewatch.poll_often(SimpleNamespace(observer=SimpleNamespace(), watch=print), [tmp_path])
