"""The theme's site navigation rendered once per place, not once per page.

Every page carries the theme's primary navigation (``partials/nav.html``): at 211
organisations 800 pages, almost all of them generated pages that are not in the navigation
themselves. For such a page the navigation depends only on where the page is: its links are
written relative to the page, and none of its entries is the page or holds it. So a page that
is not in the navigation gets the navigation rendered for the first page with the same
relative links (the key: every navigation page's address and the home page's, as the theme's
``url`` filter writes them from this page). Pages in the navigation are rendered as before.

``overrides/partials/nav.html`` calls :func:`primary_nav`, which renders the theme's own
``partials/nav.html`` (reached as ``theme/partials/nav.html``): output byte-identical to the
theme's (``tests/test_navcache.py`` builds with and without the cache and compares).
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.utils.templates import url_filter

THEME_PREFIX = "theme"
ENABLED = True  # tests turn it off to compare
_CACHE: dict = {}


def primary_nav_source(env) -> None:
    """Let ``env`` reach the theme's own templates as ``theme/<name>``, and add ``primary_nav``."""
    import material

    templates = Path(material.__file__).resolve().parent / "templates"
    if not isinstance(env.loader, jinja2.ChoiceLoader) or not getattr(env.loader, "with_theme", False):
        loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader(
            {THEME_PREFIX: jinja2.FileSystemLoader(str(templates))})])
        loader.with_theme = True
        env.loader = loader
    env.globals["primary_nav"] = primary_nav
    _CACHE.clear()


@jinja2.pass_context
def primary_nav(context) -> Markup:
    """The theme's primary navigation for the page being rendered (see the module's text)."""
    template = context.environment.get_template(f"{THEME_PREFIX}/partials/nav.html")
    page, nav = context.get("page"), context.get("nav")
    if not ENABLED or page is None or nav is None or page in nav.pages:
        return Markup(template.render(context.get_all()))
    homepage = context["config"].extra.get("homepage") or (nav.homepage.url if nav.homepage else "")
    key = (context.get("base_url"), url_filter(context, homepage),
           tuple(url_filter(context, p.url) for p in nav.pages))
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = Markup(template.render(context.get_all()))
    return found
