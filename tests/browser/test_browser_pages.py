"""Issue 6: every page type in a real browser: loads cleanly, shows the work-stream colours
with their numbers and names, passes axe-core (WCAG 2.0/2.1/2.2 A and AA) in light and dark
colour schemes at desktop and phone widths, and does not scroll sideways at 375 px."""
from __future__ import annotations

import pytest

from .browserkit import PAGE_TYPES, SCHEMES, SITE, VIEWS, format_violations, run_axe

# Page types that show the colour key or all four work streams.
ALL_FOUR = {"home", "organisations", "organisation", "organisation-joint", "workstreams", "compare"}


def html_pages(site_dir) -> list[str]:
    """Every page of the built site, as a path relative to its root."""
    paths = ["404.html"]
    for f in sorted(site_dir.rglob("index.html")):
        rel = f.parent.relative_to(site_dir).as_posix()
        paths.append("" if rel == "." else rel + "/")
    return paths


def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


WORKSTREAMS = [{"key": w.key, "number": w.number, "name": w.name, "rgb": rgb(w.colour)} for w in SITE.workstreams]

# For each work stream: every visible element of class fr-ws--<key> shows the configured
# colour (its own background or border) and its visible text names the work stream
# ("3. Quality assurance" or "Work stream 3: Quality assurance").
COLOUR_CHECK = r"""(workstreams) => {
  const esc = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const visible = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    // the content of a closed <details> (an action's folded card) is not shown: only its summary
    const folded = [...document.querySelectorAll('details:not([open])')].some(d => d.contains(el) && !d.querySelector(':scope > summary').contains(el));
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && el.closest('[hidden]') === null && !folded;
  };
  const shows = (el, colour) => {
    const s = getComputedStyle(el);
    if (s.backgroundColor === colour) return true;
    return ['Top', 'Right', 'Bottom', 'Left'].some(side =>
      s['border' + side + 'Color'] === colour && parseFloat(s['border' + side + 'Width']) >= 2 &&
      s['border' + side + 'Style'] !== 'none');
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.');
  const found = {}, problems = [];
  for (const w of workstreams) {
    const label = new RegExp('(^|[^0-9])' + w.number + '[.:] ' + esc(w.name));
    const els = [...document.querySelectorAll('.fr-ws--' + w.key)].filter(visible);
    found[w.key] = els.length;
    for (const el of els) {
      if (!shows(el, w.rgb)) problems.push(`${describe(el)}: colour of work stream ${w.number} (${w.rgb}) not shown`);
      if (!label.test(el.innerText.replace(/\s+/g, ' ')))
        problems.push(`${describe(el)}: "${w.number}. ${w.name}" is not visible text in it: ${JSON.stringify(el.innerText.slice(0, 80))}`);
    }
  }
  return {found, problems};
}"""


@pytest.fixture(scope="module")
def crawl(packed_site, tabs):
    """Open every page once (desktop, light): what went wrong on each, and the colour checks."""
    tab = tabs("desktop", "light")
    results = {}
    paths = html_pages(packed_site)
    for path in paths:
        page = tab.open(path)
        colours = page.evaluate(COLOUR_CHECK, WORKSTREAMS)
        results[path] = {"problems": tab.problems(), "colours": colours}
        tab.reset()
    return results


def test_every_page_loads_without_errors_or_outside_requests(crawl):
    assert len(crawl) > 20
    bad = {path: r["problems"] for path, r in crawl.items() if r["problems"]}
    assert not bad, "\n".join(f"/{p}: {'; '.join(v)}" for p, v in bad.items())


def test_work_stream_colours_come_with_number_and_name(crawl):
    bad = {path: r["colours"]["problems"] for path, r in crawl.items() if r["colours"]["problems"]}
    assert not bad, "\n".join(f"/{p}: {m}" for p, v in bad.items() for m in v[:5])
    for ptype, path in PAGE_TYPES.items():
        found = crawl[path]["colours"]["found"]
        if ptype in ALL_FOUR:
            assert all(found[w["key"]] for w in WORKSTREAMS), f"{ptype} /{path}: work streams missing: {found}"
    # every organisation page shows its four work-stream sections
    for org in SITE.organisations:
        found = crawl[f"organisations/{org.id}/"]["colours"]["found"]
        assert all(found[w["key"]] >= 1 for w in WORKSTREAMS), (org.id, found)
    # a work-stream page shows its own colour on its heading and its actions
    for w in SITE.workstreams:
        assert crawl[f"workstreams/{w.key}/"]["colours"]["found"][w.key] >= 2


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("view", ["desktop", "phone"])
@pytest.mark.parametrize("ptype", list(PAGE_TYPES))
def test_axe_wcag22_aa(tabs, ptype, view, scheme):
    """Zero axe-core violations; also writes the page's screenshot for reviewers."""
    tab = tabs(view, scheme)
    page = tab.open(PAGE_TYPES[ptype])
    applied = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert applied == {"light": "default", "dark": "slate"}[scheme]
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert width == VIEWS[view]["viewport"]["width"]
    violations = run_axe(page)
    tab.screenshot(ptype)
    assert not violations, f"/{PAGE_TYPES[ptype]} ({view}, {scheme}):\n{format_violations(violations)}"
    assert not tab.problems(), tab.problems()


# Everything that sticks out of the 375 px viewport must be inside a focusable (tabindex=0),
# labelled (aria-label) region that scrolls sideways; the page itself must not.
OVERFLOW_CHECK = r"""() => {
  const de = document.documentElement, vw = de.clientWidth, problems = [];
  if (de.scrollWidth > vw) problems.push(`the page scrolls sideways: ${de.scrollWidth}px content in ${vw}px`);
  if (document.body.scrollWidth > vw) problems.push(`the body scrolls sideways: ${document.body.scrollWidth}px`);
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const scroller = el => {  // the nearest ancestor that clips its content sideways
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' && a.scrollWidth > a.clientWidth + 0.5) return a;
    }
    return null;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') continue;
    if (r.right <= vw + 0.5 && r.width <= vw + 0.5) continue;
    if (r.right <= 0) continue;  // parked off-screen to the left (the closed navigation drawer)
    const box = scroller(el);
    if (box === null) { problems.push(`${describe(el)} sticks out (${Math.round(r.right)}px) and nothing scrolls it`); continue; }
    const bs = getComputedStyle(box);
    const scrolls = ['auto', 'scroll'].includes(bs.overflowX);
    const focusable = box.getAttribute('tabindex') === '0';
    const labelled = (box.getAttribute('aria-label') || '').trim() !== '';
    if (!(scrolls && focusable && labelled))
      problems.push(`${describe(el)} is ${Math.round(r.width)}px wide inside ${describe(box)} ` +
                    `(overflow-x ${bs.overflowX}, tabindex ${box.getAttribute('tabindex')}, aria-label ${box.getAttribute('aria-label')})`);
  }
  return [...new Set(problems)];
}"""


@pytest.mark.parametrize("view", ["phone", "reflow"])
@pytest.mark.parametrize("ptype", list(PAGE_TYPES))
def test_phone_width_no_sideways_scrolling(tabs, ptype, view):
    """375 px (a phone) and 320 px (1280 px zoomed to 400%, WCAG 1.4.10 reflow)."""
    tab = tabs(view, "light")
    page = tab.open(PAGE_TYPES[ptype])
    width = VIEWS[view]["viewport"]["width"]
    assert page.evaluate("() => document.documentElement.clientWidth") == width
    problems = page.evaluate(OVERFLOW_CHECK)
    assert not problems, f"/{PAGE_TYPES[ptype]} at {width}px:\n" + "\n".join(problems[:20])


def test_overflow_check_catches_a_wide_element(tabs):
    """The 375 px check is not vacuous: a wide unlabelled table is reported."""
    tab = tabs("phone", "light")
    page = tab.open(PAGE_TYPES["home"])
    page.evaluate("""() => { const d = document.createElement('div'); d.style.overflowX = 'auto';
        d.innerHTML = '<table><tr><td style="min-width:900px">wide</td></tr></table>';
        document.querySelector('.md-content__inner').append(d); }""")
    problems = page.evaluate(OVERFLOW_CHECK)
    assert any("td" in p and "tabindex null" in p for p in problems), problems


def test_axe_checks_contrast_inside_scrolled_tables(tabs):
    """Cells scrolled out of view are checked too: a pale one is reported."""
    tab = tabs("phone", "light")
    page = tab.open(PAGE_TYPES["plan-format"])
    assert run_axe(page) == []
    hidden_cell = page.evaluate("""() => {
        const box = document.querySelector('.fr-scroll');
        const cell = [...box.querySelectorAll('td')].find(td => td.childElementCount === 0 && td.textContent.trim() &&
            td.getBoundingClientRect().left > box.getBoundingClientRect().right);
        cell.style.color = '#eeeeee';
        return cell.textContent; }""")
    assert hidden_cell.strip()
    assert [v["id"] for v in run_axe(page)] == ["color-contrast (table scrolled into view)"]
