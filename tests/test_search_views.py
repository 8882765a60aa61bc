"""The search records (macros/views/search_views.py, pure) and the documents Pagefind reads
(macros/site/search.py): every action once, at its own anchor, with its organisation, work
stream and status; recommendations by number; every value escaped on the way in."""
from __future__ import annotations

from html.parser import HTMLParser

from macros.site import search
from macros.views import search_views, views


def test_every_action_is_one_record_at_its_own_anchor(seed_site):
    numbers = views.recommendation_numbers(seed_site, views.responses_by_recommendation(seed_site))
    records = search_views.records(seed_site, numbers)
    urls = [r.url for r in records]
    assert len(urls) == len(set(urls))
    for org in seed_site.organisations:
        page = next(r for r in records if r.url == f"organisations/{org.id}/")
        assert page.title == org.name and page.parts[0] == (org.name, search_views.HEADING)
        for v in views.action_views(seed_site, org):
            (record,) = [r for r in records if r.url == f"organisations/{org.id}/#{v.anchor}"]
            assert record.kind == "action" and record.meta["organisation"] == org.name
            status = v.status.label if v.status else search_views.NO_UPDATE
            assert record.filters == {"organisation": [org.name], "workstream": [f"{v.workstream.number}. {v.workstream.name}"],
                                      "status": [status]}
            texts = [t for t, _ in record.parts]
            assert v.action.action in texts and org.name in texts
            assert v.action.recommendation_text not in texts or not v.action.recommendation_text  # once, on its page
            for n in v.action.recommendations:
                assert f"rec{n}" in " ".join(texts)
    for n in numbers:
        (rec,) = [r for r in records if r.url == f"recommendations/{n}/"]
        assert rec.title.startswith(f"Recommendation {n}") and ("rec%d" % n, search_views.HEADING) in rec.parts


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
        sections=(("s-1", hostile, hostile),))
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
    assert record.sections == (("one", "First part", "Text one"), ("two", "Second", "Two"))
    index = search.page_record("compare/", "Compare", "<p>every organisation</p>", toc=[("table", "All")], whole=False)
    assert index.sections == (("table", "All", ""),) and index.parts[1] == ("", search_views.TEXT)
