"""The mkdocs side: check the plans, add one generated page per organisation, work stream and
recommendation, and the data downloads.

Generated pages carry no plan text in their markdown (so mkdocs-macros and Python-Markdown
never see it): their HTML is rendered by ``render`` (autoescaped) and put in place in
``on_page_content``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import export, history, load, plancache, render, reuse, views
from .problems import errors

log = logging.getLogger("mkdocs.plugins.francis")


class State:
    """What one build knows: the site's data and the generated pages (src_uri -> page spec)."""

    site = None
    problems: list = []
    generated: dict = {}
    config = None


STATE = State()


def current_site():
    if STATE.site is None:
        raise PluginError("the plans have not been loaded (is the hook in mkdocs.yml?)")
    return STATE.site


def on_startup(command, dirty, **kwargs):
    if command == "serve":  # rebuilds after an edit reuse what has not changed (macros/reuse.py)
        reuse.SERVING = True
        plancache.CACHE.enabled = True
        reuse.reuse_search_entries()


def on_config(config, **kwargs):
    reuse.new_build()
    folder = str(load.plans_dir().resolve())
    if folder not in config.watch:  # so `mkdocs serve` rebuilds when a plan in $PLANS_DIR changes
        config.watch.append(folder)
    site, problems = load.check()
    for p in problems:
        (log.error if p.level == "error" else log.info)(p.format())  # plan warnings must not fail --strict
    if site is None:
        raise PluginError(f"{len(errors(problems))} error(s) in the plans (listed above): fix them; "
                          "nothing was built. Run `python -m macros check` to see them again.")
    files = [Path(o.source) for o in site.organisations]
    changed = history.last_changed(files)
    site.organisations = [o.__class__(**{**o.__dict__, "last_changed": changed.get(Path(o.source), "")})
                          for o in site.organisations]
    STATE.site, STATE.problems, STATE.config = site, problems, config
    if "assets/workstreams.css" not in config.extra_css:
        config.extra_css.insert(0, "assets/workstreams.css")
    return config


def _spec(title, template, context, edit=None, toc=()):
    return {"title": title, "template": template, "context": context, "edit": edit, "toc": toc}


def _edit_url(config, org) -> str | None:
    if not config.repo_url:
        return None
    branch = config.extra.get("repository_branch", "main")
    return f"{config.repo_url.rstrip('/')}/edit/{branch}/plans/{Path(org.source).name}"


def page_specs(site, responses: dict, config=None) -> dict:
    """src_uri -> what to render, for every generated page. ``responses`` is
    views.responses_by_recommendation(site)."""
    specs = {}
    specs["organisations/index.md"] = _spec("Organisations", "organisations.html", views.organisations_index(site))
    for org in site.organisations:
        ctx = views.organisation_page(site, org)
        toc = [("source", "Source and dates"), ("summary", "Actions per work stream")] + [
            (f"ws-{w.key}", f"{w.number}. {w.name}") for w in site.workstreams]
        if org.groups:
            toc.append(("own-grouping", org.grouping_name))
        if org.joint:
            toc.append(("joint", "Shared response"))
        specs[f"organisations/{org.id}/index.md"] = _spec(
            org.name, "organisation.html", {**ctx, "last_changed": org.last_changed, "board_pack": "board-pack.pdf"
                                            if (config and config.extra.get("board_packs")) else ""},
            edit=_edit_url(config, org) if config else None, toc=toc)
    totals = views.home_summary(site)["totals"]
    specs["workstreams/index.md"] = _spec("Work streams", "workstreams.html",
                                          {"workstreams": site.workstreams, "totals": totals})
    for ws in site.workstreams:
        for part in views.in_parts(views.workstream_page(site, ws), "per_org", f"workstreams/{ws.key}/"):
            n, url = part["part"], part["part_links"][part["part"] - 1][1]
            title = f"{ws.number}. {ws.name}" + (f" (part {n} of {len(part['part_links'])})" if n > 1 else "")
            specs[f"{url}index.md"] = _spec(title, "workstream.html", part)
    specs["recommendations/index.md"] = _spec("Recommendations", "recommendations.html",
                                              views.recommendations_index(site, responses))
    for number in views.recommendation_numbers(site, responses):
        rec = site.catalogue.get(number)
        title = f"Recommendation {number}" + (f": {rec.title}" if rec and rec.title else "")
        specs[f"recommendations/{number}/index.md"] = _spec(title, "recommendation.html",
                                                            views.recommendation_page(site, number, responses))
    for part in views.compare_parts(site, responses):
        n, url = part["part"], part["part_links"][part["part"] - 1][1]
        title = "Compare organisations" + (f" (part {n} of {len(part['part_links'])})" if n > 1 else "")
        specs[f"{url}index.md"] = _spec(title, "compare.html", part)
    return specs


def data_files(site, responses: dict) -> dict[str, str]:
    return {
        "data/actions.csv": export.actions_csv(site),
        "data/plans.json": export.plans_json(site),
        "data/recommendations.csv": export.recommendations_csv(site, {n: len(r) for n, r in responses.items()}),
        "assets/workstreams.css": workstream_css(site),
    }


def workstream_css(site) -> str:
    """The colour keys, defined once in macros/data/workstreams.yaml and statuses.yaml."""
    rules = [f".fr-ws--{w.key} {{ --fr-ws-colour: {w.colour}; }}" for w in site.workstreams]
    rules += [f".fr-status--{s.key} {{ --fr-status-colour: {s.colour}; }}" for s in site.statuses]
    return ("/* Generated from macros/data/workstreams.yaml and macros/data/statuses.yaml */\n"
            + "\n".join(rules) + "\n")


def on_files(files: Files, config, **kwargs):
    site = current_site()
    responses = views.responses_by_recommendation(site)
    STATE.generated = page_specs(site, responses, config)
    nav_files = {str(v) for item in (config.nav or []) for v in _nav_values(item)}
    for src_uri in STATE.generated:
        inclusion = InclusionLevel.INCLUDED if src_uri in nav_files else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
    for src_uri, content in data_files(site, responses).items():
        files.append(File.generated(config, src_uri, content=content))
    return files


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
    page.edit_url = spec["edit"]
    return ""


def on_page_content(html, page, config, files, **kwargs):
    spec = STATE.generated.get(page.file.src_uri)
    if spec is None:
        return html
    base = render.base_for(page.url)
    page_url = (config.site_url or "") + page.url
    content = reuse.rendered((spec["template"], base, page_url), spec["context"],
                             lambda: render.render(spec["template"], base=base, page_url=page_url, **spec["context"]))
    page.toc = get_toc([{"level": 2, "id": anchor, "name": str(escape(name)), "children": []}
                        for anchor, name in spec["toc"]])
    return content


def on_env(env, config, files, **kwargs):
    return reuse.page_outputs(env)
