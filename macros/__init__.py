"""The package mkdocs-macros loads (module_name: macros in mkdocs.yml).

define_env only registers macros for the hand-written pages in docs/. Each returns HTML
rendered by ``render`` (autoescaped); a macro's return value is not rendered again, so plan
text never becomes template source. The HTML reaches the page without passing through
Python-Markdown: the macro prints a placeholder that on_page_content replaces (site/slots.py).
"""


def define_env(env):
    from . import render
    from .plans import limits
    from .site import export, pages, slots
    from .views import compare_views, downloads, fieldref, progress_views, views

    def base():
        return render.base_for(env.page.url if env.page else "")

    @env.macro
    def home_summary():
        """The organisations at a glance: actions per work stream."""
        site = pages.current_site()
        return slots.hold(render.render("home_summary.html", base=base(), **views.home_summary(site)))

    @env.macro
    def progress_summary():
        """National progress: totals by status and the most recent updates."""
        site = pages.current_site()
        return slots.hold(render.render("home_progress.html", base=base(), **progress_views.national_summary(site)))

    @env.macro
    def columns(name):
        """The documented columns of a download table (macros/views/downloads.py), or the fields of
        plans.json."""
        if name == "plans":
            return slots.hold(render.render("columns.html", columns=None, fields=export.PLANS_JSON_FIELDS, name=name))
        table = {t.name: t for t in (*downloads.TABLES, downloads.NOT_RESPONDING, downloads.NOT_NUMBERING)}[name]
        in_workbooks = set(table.sheet_order()) if table in downloads.TABLES else None  # None: CSV only
        return slots.hold(render.render("columns.html", columns=list(table.columns), in_workbooks=in_workbooks,
                                        fields=None, name=name))

    @env.macro
    def downloads_as_of():
        """The date the downloads' statuses are judged against, in a sentence."""
        as_of = pages.current_site().as_of
        return slots.hold(render.render("downloads_as_of.html", as_of=as_of))

    @env.macro
    def how_to_cite():
        """How to cite the downloads: the site's name, the as-of date, its address."""
        url = env.conf.get("site_url") or ""
        return slots.hold(render.render("cite.html", name=env.conf.get("site_name") or downloads.SITE_NAME,
                                        as_of=pages.current_site().as_of, attribution=downloads.ATTRIBUTION,
                                        address=(url.rstrip("/") + "/downloads/") if url else ""))

    @env.macro
    def plan_format():
        """The field reference, generated from macros/schema.json."""
        return slots.hold(render.render("plan_format.html", **fieldref.reference()))

    @env.macro
    def plan_limits():
        """The limits on a plan (macros/plans/limits.py) and the characters a plan may not hold."""
        return slots.hold(render.render("limits.html", rows=limits.described()))

    @env.macro
    def workstream_key():
        """The colour key of the four work streams."""
        return slots.hold(render.render("key.html", base=base(), workstreams=pages.current_site().workstreams))
