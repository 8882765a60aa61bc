"""Issue 6: keyboard only. On the comparison page every link and control can be reached
with the Tab key, and whatever has the focus shows a visible focus indicator."""
from __future__ import annotations

import pytest

from .browserkit import PAGE_TYPES

# Number the page's visible, focusable elements and record every focus change with the
# focused element's focus indicator (computed while it has the focus).
INSTRUMENT = r"""() => {
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility !== 'visible' || e.hidden || e.inert) return false;
    }
    return true;
  };
  const candidates = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.type !== 'hidden' && visible(el));
  candidates.forEach((el, i) => el.dataset.frTab = String(i));
  window.__frFocus = [];
  document.addEventListener('focusin', e => {
    const el = e.target;
    // a visually hidden radio button or checkbox shows its focus on the label drawn after it
    const hiddenInput = el.matches('input[type=radio], input[type=checkbox]') &&
      (el.offsetWidth === 0 || getComputedStyle(el).opacity === '0');
    const s = getComputedStyle(hiddenInput ? el.nextElementSibling : el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(s.outlineColor);
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    window.__frFocus.push({id: el.dataset.frTab ?? null, what: el.outerHTML.slice(0, 120),
                           indicator: outline || shadow, outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow});
  }, true);
  return candidates.map(el => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_compare_page_keyboard_only(tabs, view):
    tab = tabs(view, "light")
    page = tab.open(PAGE_TYPES["compare"])
    candidates = page.evaluate(INSTRUMENT)
    assert len(candidates) > 20
    page.locator("body").focus()
    presses = 0
    limit = 2 * len(candidates) + 40
    while presses < limit:
        for _ in range(20):
            page.keyboard.press("Tab")
        presses += 20
        ids = page.evaluate("() => window.__frFocus.map(f => f.id)")
        first = next((i for i in ids if i is not None), None)
        if first is not None and ids.count(first) >= 2:  # the focus has gone round the page
            break
    events = page.evaluate("() => window.__frFocus")
    reached = {e["id"] for e in events if e["id"] is not None}
    missed = [c for i, c in enumerate(candidates) if str(i) not in reached]
    assert not missed, f"{len(missed)} of {len(candidates)} not reachable with Tab: {missed[:5]}"
    invisible = {e["what"]: (e["outline"], e["shadow"]) for e in events if not e["indicator"]}
    assert not invisible, f"focused without a visible indicator: {list(invisible.items())[:5]}"
    page.keyboard.press("Escape")


def test_focus_check_catches_a_missing_indicator(tabs):
    """The indicator check is not vacuous: a link whose outline is removed is reported."""
    tab = tabs("desktop", "light")
    page = tab.open(PAGE_TYPES["compare"])
    page.evaluate(INSTRUMENT)
    page.add_style_tag(content=".md-content a:focus-visible { outline: none !important; box-shadow: none !important; }")
    page.keyboard.press("Tab")  # keyboard modality, so :focus-visible applies
    page.evaluate("() => document.querySelector('.md-content a').focus()")
    last = page.evaluate("() => window.__frFocus[window.__frFocus.length - 1]")
    assert last["indicator"] is False, last
