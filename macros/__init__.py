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
    from .views import compare_views, fieldref, progress_views, views

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
        """The documented columns of a download: actions, recommendations or plans."""
        table = {"actions": export.ACTIONS_COLUMNS, "recommendations": export.RECOMMENDATIONS_COLUMNS,
                 "plans": export.PLANS_JSON_FIELDS, "updates": export.UPDATES_COLUMNS,
                 "passages": export.PASSAGES_COLUMNS, "successors": export.SUCCESSORS_COLUMNS,
                 "not-responding": compare_views.NOT_RESPONDING_COLUMNS,
                 "not-numbering": compare_views.NOT_NUMBERING_COLUMNS}[name]
        return slots.hold(render.render("columns.html", columns=table, name=name))

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
