"""The downloads' writer while serving (macros/site/deferred.py): the job runs exactly once,
by its timer after the delay or, when a rebuild comes first, at once in the rebuild's thread."""
from __future__ import annotations

import threading
import time

from macros.site import deferred


def test_finish_runs_a_job_whose_timer_has_not_fired_now_in_this_thread():
    ran = []
    later = deferred._Later(lambda: ran.append(threading.current_thread()), delay=60)
    later.finish()
    assert ran == [threading.current_thread()]
    later.finish()
    assert len(ran) == 1


def test_a_job_the_timer_started_is_waited_for_and_not_run_again():
    started, release, ran = threading.Event(), threading.Event(), []

    def job():
        started.set()
        release.wait(10)
        ran.append(threading.current_thread().name)

    later = deferred._Later(job, delay=0)
    assert started.wait(10)
    threading.Timer(0.05, release.set).start()
    later.finish()  # returns only when the timer's run is done
    assert ran == ["downloads"]


def test_the_timer_runs_the_job_by_itself(monkeypatch):
    done = threading.Event()
    deferred._Later(done.set, delay=0)
    assert done.wait(10)


def test_wait_writes_what_start_left_for_later(monkeypatch, tmp_path):
    monkeypatch.setattr(deferred, "DELAY", 60)
    monkeypatch.setattr(deferred, "_WORK", None)
    monkeypatch.setattr(deferred, "_PENDING", (str(tmp_path), lambda: {"data/a.csv": "x,y\n"}))
    monkeypatch.setattr(deferred, "NAMES", set())
    after = []
    deferred.start(then=lambda: after.append(True))
    assert not (tmp_path / "data" / "a.csv").exists()  # not yet: a minute from now
    start = time.monotonic()
    deferred.wait()
    assert time.monotonic() - start < 30 and (tmp_path / "data" / "a.csv").read_text() == "x,y\n"
    assert after == [True] and deferred.NAMES == {"data/a.csv"}
