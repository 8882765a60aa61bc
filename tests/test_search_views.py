"""The search records (macros/views/search_views.py, pure) and the documents Pagefind reads
(macros/site/search.py): every action once, at its own anchor, with its organisation, work
stream and status; recommendations by number; every value escaped on the way in."""
from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from macros.site import search
from macros.views import search_views, views


def test_every_action_is_one_section_at_its_own_anchor(seed_site):
    """Each action is a section of exactly one record, at its own anchor; the record groups the
    organisation's actions of one work stream and one status, which are its filters."""
    numbers = views.recommendation_numbers(seed_site, views.responses_by_recommendation(seed_site))
    records = search_views.records(seed_site, numbers)
    urls = [r.url for r in records]
    assert len(urls) == len(set(urls))
    for org in seed_site.organisations:
        page = next(r for r in records if r.url == f"organisations/{org.id}/")
        assert page.title == org.name and page.parts[0] == (org.name, search_views.HEADING)
        groups = [r for r in records if r.kind == "actions" and r.url.startswith(f"organisations/{org.id}/#")]
        keys = [(r.filters["workstream"][0], r.filters["status"][0]) for r in groups]
        assert len(keys) == len(set(keys)), "one record for each work stream and status"
        anchors = [s.anchor for r in groups for s in r.sections]
        mine = views.action_views(seed_site, org)
        assert sorted(anchors) == sorted(v.anchor for v in mine) and len(anchors) == len(set(anchors))
        for v in mine:
            (record,) = [r for r in groups if v.anchor in {s.anchor for s in r.sections}]
            (section,) = [s for s in record.sections if s.anchor == v.anchor]
            assert record.meta["organisation"] == org.name and record.meta["kind"] == "Action"
            status = v.status.label if v.status else search_views.NO_UPDATE
            assert record.filters == {"organisation": [org.name], "workstream": [f"{v.workstream.number}. {v.workstream.name}"],
                                      "status": [status]}
            assert record.meta["status"] == status
            assert section.heading == search_views.action_heading(v)
            texts = [t for t, _ in section.parts]
            assert v.action.action in texts and (org.name, search_views.LABEL) in record.parts
            assert v.action.recommendation_text not in texts or not v.action.recommendation_text  # once, on its page
            for n in v.action.recommendations:
                assert f"rec{n}" in " ".join(texts)
        for record in groups:  # opens its first action; titled by it
            first = record.sections[0]
            assert record.url == f"organisations/{org.id}/#{first.anchor}"
            more = len(record.sections) - 1
            assert record.title == (first.heading if not more else f"{first.heading} and {more} more")
    for n in numbers:
        (rec,) = [r for r in records if r.url == f"recommendations/{n}/"]
        assert rec.title.startswith(f"Recommendation {n}") and ("rec%d" % n, search_views.HEADING) in rec.parts


def test_fewer_records_than_actions_where_actions_share_a_work_stream_and_status(seed_site):
    """What the grouping is for: the engine writes a file per record."""
    numbers = views.recommendation_numbers(seed_site, views.responses_by_recommendation(seed_site))
    groups = [r for r in search_views.records(seed_site, numbers) if r.kind == "actions"]
    actions = sum(len(views.action_views(seed_site, o)) for o in seed_site.organisations)
    assert sum(len(r.sections) for r in groups) == actions
    assert len(groups) < actions


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.attrs, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v for _, v in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_a_document_holds_every_value_as_escaped_text():
    hostile = 'A <img src=x onerror="alert(1)"> & <script>alert(2)</script> "quoted"'
    record = search_views.Record(
        url="organisations/x/#action-1", title=hostile, kind="action", parts=((hostile, 2.0), ("text " + hostile, 1.0)),
        meta={"organisation": hostile, "status": "Complete"}, filters={"organisation": [hostile], "status": ["Complete"]},
        sections=(search_views.Section("s-1", hostile, ((hostile, 1.0),), weight=0.5),))
    document = search.document(record)
    reader = _Reader()
    reader.feed(document)
    assert set(reader.tags) <= {"html", "head", "meta", "title", "body", "h1", "p", "h2", "span"}
    assert hostile in reader.text and ("text " + hostile) in reader.text
    assert f"organisation:{hostile}" in reader.attrs  # meta and filter values, whole
    assert reader.attrs.count(f"organisation:{hostile}") == 2


def test_a_hand_written_page_is_split_at_its_sections():
    html = '<p>Intro &amp; more</p><h2 id="one">First <em>part</em></h2><p>Text one</p><h2 id="two">Second</h2><p>Two</p>'
    record = search.page_record("updating/", "Updating", html)
    assert record.parts[1] == ("Intro & more", search_views.TEXT)
    T = search_views.TEXT
    assert record.sections == (search_views.Section("one", "First part", (("Text one", T),)),
                               search_views.Section("two", "Second", (("Two", T),)))
    index = search.page_record("compare/", "Compare", "<p>every organisation</p>", toc=[("table", "All")], whole=False)
    assert index.sections == (search_views.Section("table", "All", (("", T),)),) and index.parts[1] == ("", T)


def test_the_indexer_runs_on_one_cpu_and_the_build_gets_them_all_back():
    """Pagefind is started inside search._one_cpu: the process it starts sees one CPU (its
    threads wait in turn rather than spin on a folder's lock), and the calling thread has every
    CPU it had afterwards."""
    before = os.sched_getaffinity(0)
    if len(before) < 2:
        pytest.skip("one CPU here: nothing to narrow")
    probe = [sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"]
    with search._one_cpu():
        inside = int(subprocess.run(probe, capture_output=True, text=True, check=True).stdout)
    assert inside == 1
    assert os.sched_getaffinity(0) == before
    assert int(subprocess.run(probe, capture_output=True, text=True, check=True).stdout) == len(before)


def test_staged_documents_are_removed_and_so_are_those_of_processes_gone(tmp_path, monkeypatch):
    """The staged documents go in a memory-backed folder: a build removes its own, and the next
    build or serve removes those a process stopped by a signal left (named for its process id);
    a live process's folder is kept."""
    monkeypatch.setattr(search, "_scratch", lambda: str(tmp_path))
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = tmp_path / f"{search.STAGE_PREFIX}{ended.pid}-abc"
    alive = tmp_path / f"{search.STAGE_PREFIX}{os.getppid()}-def"
    other = tmp_path / "someone-else"
    for folder in (left, alive, other):
        folder.mkdir()
        (folder / "r000000.html").write_text("x", encoding="utf-8")
    made = search.stage_folder()
    assert made.parent == tmp_path and made.name.startswith(f"{search.STAGE_PREFIX}{os.getpid()}-")
    assert not left.exists() and alive.exists() and other.exists()
    made.rmdir()
    monkeypatch.setattr(search, "index", lambda stage_dir, site_dir: None)  # (Pagefind itself: the build tests)
    record = search_views.Record(url="x/", title="X", kind="page", parts=(("X", 1.0),))
    search.build_index([record], str(tmp_path / "site"), serving=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])
