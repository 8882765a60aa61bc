"""The mkdocs side: check the plans, add one generated page per organisation, work stream and
recommendation, and the data downloads.

Generated pages carry no plan text in their markdown (so mkdocs-macros and Python-Markdown
never see it): their HTML is rendered by ``render`` (autoescaped) and put in place in
``on_page_content``.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import render
from ..plans import limits, load, plancache
from ..plans.problems import errors, more_line, shown
from ..plans.problems import escape as escape_text
from ..views import (board_views, compare_views, kept, organisation_views, progress_views, search_views, similar, views,
                     workstream_views)
from . import (collector, csp, deferred, export, feed, history, livewatch, navcache, preview_site, reuse, search,
               searchparse, searchsafe, slots)

log = logging.getLogger("mkdocs.plugins.francis")


class State:
    """What one build knows: the site's data and the generated pages (src_uri -> page spec)."""

    site = None
    problems: list = []
    generated: dict = {}
    config = None
    serving = False  # `mkdocs serve`
    last_good = None  # the last site built without errors (served while a plan is broken)
    broken: list = []  # the problems of the plans while serving the last good site
    judged: str = ""  # the preview: the sentence saying what date statuses are judged against
    dated: dict = {}  # id(organisation) -> (organisation, last changed, the dated record): _dated
    recommendation_pages: list = []  # the recommendations with a page, for search


STATE = State()


def current_site():
    if STATE.site is None:
        raise PluginError("the plans have not been loaded (is the hook in mkdocs.yml?)")
    return STATE.site


def on_startup(command, dirty, **kwargs):
    STATE.serving = command == "serve"
    searchparse.install()  # the same search entries as material's own tokenizer, in a third of the time
    if command == "serve":  # rebuilds after an edit reuse what has not changed (macros/site/reuse.py)
        reuse.SERVING = True
        plancache.CACHE.enabled = True
        kept.KEPT.enabled = True
        reuse.reuse_search_entries()


def on_config(config, **kwargs):
    deferred.wait()  # the last rebuild's downloads and search index, before mkdocs cleans the folder
    slots.forget()
    search.PAGES.clear()
    if STATE.serving:
        collector.pause()  # until the pages are out (macros/site/collector.py)
    reuse.new_build()
    folder = str(load.plans_dir().resolve())
    if folder not in config.watch:  # so `mkdocs serve` rebuilds when a plan in $PLANS_DIR changes
        config.watch.append(folder)
    as_of, STATE.judged = preview_site.judged_as_of() if preview_site.enabled(config) else (None, "")
    site, problems = load.check(as_of=as_of)
    if site is None and STATE.serving and STATE.last_good is not None:
        return _serve_last_good(config, problems)
    STATE.broken = []
    listed, hidden = shown(problems)
    for p in listed:
        (log.error if p.level == "error" else log.info)(p.format())  # plan warnings must not fail --strict
    if hidden:  # errors are listed first: the hidden ones are errors only when there are that many
        (log.error if len(errors(problems)) > len(listed) else log.info)(more_line(hidden))
    if site is None:
        raise PluginError(f"{len(errors(problems))} error(s) in the plans (listed above): fix them; "
                          "nothing was built. Run `python -m macros check` to see them again.")
    files = [Path(o.source) for o in site.organisations]
    changed = history.last_changed(files)
    site.organisations = _dated(site.organisations, changed)
    STATE.site, STATE.problems, STATE.config = site, problems, config
    STATE.last_good = site
    return _finish_config(config)


def _dated(organisations: list, changed: dict) -> list:
    """The organisations with the date each plan last changed. An organisation record and date
    that are the same as in the last build give the same record as then (while serving, an
    unchanged plan's record is the same object from build to build: views/kept.py)."""
    dated, kept = [], {}
    for org in organisations:
        day = changed.get(Path(org.source), "")
        entry = STATE.dated.get(id(org))
        if entry is None or entry[0] is not org or entry[1] != day:
            entry = (org, day, org.__class__(**{**org.__dict__, "last_changed": day}))
        kept[id(org)] = entry  # (the record is kept so that its id stays its own)
        dated.append(entry[2])
    STATE.dated = kept
    return dated


def _serve_last_good(config, problems):
    """`mkdocs serve` after an edit that broke a plan: raising here would leave every request
    waiting until the plan is fixed, so the last good site is built again, with the errors at
    the top of every page. (Logged as info: `serve --strict` would stop at an error.)"""
    STATE.broken = problems
    listed, hidden = shown(problems)
    for p in listed:
        log.info(p.format())
    if hidden:
        log.info(more_line(hidden))
    log.info(f"{len(errors(problems))} error(s) in the plans (listed above): serving the last version "
             "that worked, with the errors at the top of every page, until they are fixed")
    STATE.site, STATE.problems, STATE.config = STATE.last_good, problems, config
    return _finish_config(config)


def _finish_config(config):
    if "assets/workstreams.css" not in config.extra_css:
        config.extra_css.insert(0, "assets/workstreams.css")
    if preview_site.enabled(config):
        preview_site.configure(config)
    return config


def _spec(title, template, context, edit=None, toc=(), boost=None, tags=(), hide=()):
    """``hide``: the theme's columns the page does without ("navigation", "toc"): data pages
    take the full width."""
    return {"title": title, "template": template, "context": context, "edit": edit, "toc": toc, "boost": boost,
            "tags": list(tags), "hide": list(hide)}


def _edit_url(config, org) -> str | None:
    if not config.repo_url:
        return None
    branch = config.extra.get("repository_branch", "main")
    return f"{config.repo_url.rstrip('/')}/edit/{branch}/plans/{Path(org.source).name}"


def page_specs(site, responses: dict, config=None) -> dict:
    """src_uri -> what to render, for every generated page. ``responses`` is
    views.responses_by_recommendation(site)."""
    specs = {}
    per_org = {o.id: views.action_views(site, o) for o in site.organisations}
    rec_pages = set(views.recommendation_numbers(site, responses))
    alike = similar.similar_organisations(site)
    specs["organisations/index.md"] = _spec("Organisations", "organisations.html", views.organisations_index(site))
    for org in site.organisations:
        ctx = organisation_views.organisation_page(site, org)
        toc = ctx["contents"] + ([("similar", "Similar organisations")] if alike[org.id] else [])
        # the page prints the same list (the theme's own contents never shows on a phone for a
        # page outside the navigation), so the theme's column is left out: the tables get its width
        ctx.update(org_coverage=compare_views.organisation_coverage(site, org), rec_pages=rec_pages, similar=alike[org.id],
                   contents=toc)
        specs[f"organisations/{org.id}/index.md"] = _spec(
            org.name, "organisation.html", {**ctx, "last_changed": org.last_changed,
                                            "board_pack": board_views.file_stem(org, None, site.as_of)
                                            if (config and config.extra.get("board_packs")) else ""},
            edit=_edit_url(config, org) if config else None, toc=toc, tags=[org.name], hide=("toc",))
        report = progress_views.progress_page(site, org)
        specs[f"organisations/{org.id}/progress/index.md"] = _spec(
            f"{org.name}: progress report", "progress.html", report, toc=[(p.id, p.title) for p in report["periods"]])
    specs["reporting/index.md"] = _spec("Who has reported progress", "reporting.html", progress_views.reporting_page(site),
                                        hide=("navigation", "toc"))  # a data page: the register takes the full width
    totals = views.home_summary(site)["totals"]
    specs["workstreams/index.md"] = _spec("Work streams", "workstreams.html",
                                          {"workstreams": site.workstreams, "totals": totals})
    for ws in site.workstreams:
        groups = workstream_views.by_initial(site, ws, per_org)
        specs[f"workstreams/{ws.key}/index.md"] = _spec(f"{ws.number}. {ws.name}", "workstream.html",
                                                        workstream_views.stream_page(site, ws, groups, per_org))
        for letter in groups:
            specs[f"workstreams/{ws.key}/{letter}/index.md"] = _spec(
                f"{ws.number}. {ws.name}: {workstream_views.letter_label(letter)}", "workstream_letter.html",
                workstream_views.letter_page(site, ws, groups, letter))
    specs["recommendations/index.md"] = _spec("Recommendations", "recommendations.html",
                                              views.recommendations_index(site, responses))
    for number in views.recommendation_numbers(site, responses):
        rec = site.catalogue.get(number)
        title = f"Recommendation {number}" + (f": {rec.title}" if rec and rec.title else "")
        specs[f"recommendations/{number}/index.md"] = _spec(title, "recommendation.html",
                                                            views.recommendation_page(site, number, responses),
                                                            boost=search_boost(number), tags=[f"Recommendation {number}"])
    specs["compare/index.md"] = _spec("Compare organisations", "compare.html", {
        "organisations": site.organisations, "total": sum(len(v) for v in per_org.values()),
        "workstreams": site.workstreams, "statuses": site.statuses, "rec_pages": rec_pages,
        "coverage": compare_views.coverage(site, responses), "successors": compare_views.by_successor(site)},
        toc=[("side-by-side", "Side by side"), ("table", "All organisations"), ("coverage", "Coverage map")],
        hide=("toc",))
    return specs


def search_boost(number: int) -> float:
    """The theme's search adds a trailing wildcard to each word, so "recommendation 1" also
    matches 10-19 and 100-199, and tf-idf ranked the rarer numbers (128) above 1. A larger
    boost for the shorter numbers puts the exact number first; small enough that "rec 124"
    (both words matched) still ranks 124 above 1-9 (one word matched). Measured in the
    browser (tests/browser/test_browser_compare.py). Each recommendation page is also tagged
    "Recommendation <n>" and each organisation page with its name: the theme ranks tags
    far above titles and text, so a name finds its page first, and a word with a name finds
    the parts of that organisation's page holding the word."""
    return {1: 6, 2: 2.4}.get(len(str(number)), 1)


def data_files(site, responses: dict, site_name: str = "", site_url: str = "") -> dict[str, str | bytes]:
    """The downloads (tables, workbooks, each organisation's files, plans.json, the data package,
    the comparison data), by site path."""
    responding = {n: len(r) for n, r in responses.items()}
    not_responding = compare_views.not_responding_files(site, responses, set(views.recommendation_numbers(site, responses)))
    return {
        **export.tables(site, responding, site_name, site_url),  # CSV files, workbooks, plans.json, data package
        **compare_views.data_files(site, {o.id: views.action_views(site, o) for o in site.organisations}),
        **{path: export.BOM + text for path, text in not_responding.items()},
    }


def workstream_css(site) -> str:
    """The colour keys, defined once in macros/data/workstreams.yaml and statuses.yaml."""
    rules = [f".fr-ws--{w.key} {{ --fr-ws-colour: {w.colour}; }}" for w in site.workstreams]
    rules += [f".fr-status--{s.key} {{ --fr-status-colour: {s.colour}; }}" for s in site.statuses]
    return ("/* Generated from macros/data/workstreams.yaml and macros/data/statuses.yaml */\n"
            + "\n".join(rules) + "\n")


def on_files(files: Files, config, **kwargs):
    linked = [f.src_uri for f in files if f.abs_src_path and _through_link(f.abs_src_path, config.docs_dir)]
    if linked:  # mkdocs would copy what the link points to (any file on the machine) into the site
        raise PluginError("symbolic links under docs/ are never published: replace each with the file "
                          "itself: " + ", ".join(escape_text(u) for u in sorted(linked)[:20])
                          + (f" and {len(linked) - 20} more" if len(linked) > 20 else ""))
    site = current_site()
    responses = views.responses_by_recommendation(site)
    STATE.generated = page_specs(site, responses, config)
    STATE.recommendation_pages = views.recommendation_numbers(site, responses)
    if reuse.SERVING:
        reuse.FINGERPRINTS.know_views(site)
    nav_files = {str(v) for item in (config.nav or []) for v in _nav_values(item)}
    for src_uri in STATE.generated:
        inclusion = InclusionLevel.INCLUDED if src_uri in nav_files else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
    files.append(File.generated(config, "assets/workstreams.css", content=workstream_css(site)))

    def downloads() -> dict:
        data = data_files(site, responses, config.site_name, config.site_url or "")
        if preview_site.enabled(config):  # a copy opened from its files reads the comparison data as scripts
            data.update(compare_views.script_files(data))
        data[feed.PATH] = feed.atom(site, config.site_url or "")
        return data

    # While serving, a rebuild writes the downloads after the pages (macros/site/deferred.py).
    if not (STATE.serving and deferred.later(files, config, downloads)):
        data = downloads()
        for src_uri, content in data.items():
            files.append(File.generated(config, src_uri, content=content))
        if STATE.serving:
            deferred.made(data)
    if preview_site.enabled(config):
        files = preview_site.add_pages(files, config, STATE.generated, _spec)
    return files


def _through_link(path: str, docs_dir: str) -> bool:
    """Whether ``path`` or a folder between it and ``docs_dir`` is a symbolic link."""
    here, top = Path(path), Path(docs_dir)
    while here != top and top in here.parents:
        if here.is_symlink():
            return True
        here = here.parent
    return False


def _nav_values(item):
    if isinstance(item, dict):
        for value in item.values():
            yield from _nav_values(value)
    elif isinstance(item, list):
        for value in item:
            yield from _nav_values(value)
    else:
        yield item


class GeneratedPage(Page):
    """A generated page. Its markdown is always empty and its HTML is put in place by
    on_page_content, so converting the markdown (a Python-Markdown instance per page) is
    skipped: this sets what converting the empty text sets."""

    def render(self, config, files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def on_pre_page(page, config, files, **kwargs):
    if page.file.src_uri in STATE.generated and type(page) is Page:
        page.__class__ = GeneratedPage
    return page


def on_page_markdown(markdown, page, config, files, **kwargs):
    spec = STATE.generated.get(page.file.src_uri)
    if spec is None:
        return markdown
    page.title = spec["title"]  # plain text; the theme overrides escape it
    if spec.get("tags"):
        page.meta["tags"] = spec["tags"]
    if spec.get("hide"):
        page.meta["hide"] = spec["hide"]
    if spec.get("boost"):
        page.meta["search"] = {**(page.meta.get("search") or {}), "boost": spec["boost"]}
    page.edit_url = spec["edit"]
    return ""


def on_page_content(html, page, config, files, **kwargs):
    spec = STATE.generated.get(page.file.src_uri)
    if spec is not None:
        html = _generated_content(page, config, spec)
    else:
        html = slots.put_back(html)  # the macros' HTML (hand-written pages)
    if STATE.judged:  # the preview: the date statuses are judged against, at the top of every page
        html = render.render("preview_date.html", sentence=STATE.judged) + html
    if search.enabled(config):
        _search_page(page, html, spec)
    if STATE.broken:  # serving the last good site while a plan is broken: say so on every page
        listed, hidden = shown(STATE.broken)
        html = render.render("build_errors.html", problems=listed, hidden=hidden,
                             errors=len(errors(STATE.broken))) + html
    return html


_OWN_RECORDS = re.compile(r"^(organisations/[^/]+/(progress/)?|recommendations/\d+/)index\.md$")


def _search_page(page, html, spec) -> None:
    """The page's search record, unless search_views makes it (organisations, their progress
    reports, recommendations): a hand-written page's text by section; a generated index page's
    title and contents only (its text is every organisation's)."""
    if _OWN_RECORDS.match(page.file.src_uri):
        return
    toc = spec["toc"] if spec is not None else [(t.id, t.title) for t in page.toc]
    search.PAGES.add(page.url, search.page_record(page.url, page.title or "", html, toc, whole=spec is None))


def _generated_content(page, config, spec):
    base = render.base_for(page.url)
    page_url = (config.site_url or "") + page.url
    content = reuse.rendered((spec["template"], base, page_url), spec["context"],
                             lambda: render.render(spec["template"], base=base, page_url=page_url, **spec["context"]))
    page.toc = get_toc([{"level": 2, "id": anchor, "name": str(escape(name)), "children": []}
                        for anchor, name in spec["toc"]])
    return content


def on_page_context(context, page, config, nav, **kwargs):
    """Runs after material's search plugin has added the page's entries (hooks come after
    plugins): no entry may hold markup (macros/site/searchsafe.py)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            searchsafe.guard(plugin.search_index)
    return context


def on_post_page(output, page, config, **kwargs):
    """No page may be larger than limits.MAX_PAGE_BYTES (a plan within the size limit but made
    of thousands of tiny actions could still make one): the build fails, naming the page."""
    size = len(output.encode("utf-8"))
    if size > limits.MAX_PAGE_BYTES:
        log.error(f"{page.file.src_uri}: this page would be {size:,} bytes, more than the "
                  f"{limits.MAX_PAGE_BYTES:,} a page may be: its plan holds too much for one page "
                  "(split the plan, or move old progress updates to a report linked from it)")
    return csp.page_output(output, page, config)  # the Content-Security-Policy, first in the head


def on_post_template(output, template_name, config, **kwargs):
    return csp.template_output(output, template_name, config)  # 404.html gets the policy too


def on_post_build(config, **kwargs):
    if search.enabled(config) and STATE.site is not None:
        site, numbers, pages, site_dir = STATE.site, list(STATE.recommendation_pages), search.PAGES.sorted(), config.site_dir

        def index() -> None:
            search.build_index(search_views.records(site, numbers, pages), site_dir, serving=STATE.serving)

        if STATE.serving:  # after the pages, in the background (macros/site/deferred.py)
            deferred.also(index, "the search index")
        else:
            try:
                index()
            except search.SearchError as error:
                raise PluginError(str(error)) from None
    deferred.start(then=collector.resume)


def on_build_error(error, **kwargs):
    collector.resume()


def on_serve(server, config, builder, **kwargs):
    livewatch.poll_often(server, [load.plans_dir().resolve()])  # an edit to a plan is seen in 0.1 s, not 0.5 s
    csp.allow_live_reload(server)  # the live-reload script mkdocs adds to each page, allowed by its hash
    return server


def on_env(env, config, files, **kwargs):
    navcache.primary_nav_source(env)
    from . import themewrap

    themewrap.install(env)  # the filter the overrides/ templates that wrap the theme's use
    search.install(env)  # the filter that puts the site's search in the theme's header
    csp.on_env(env, config)  # the theme's inline scripts, allowed by hash on each page
    return reuse.page_outputs(env)
