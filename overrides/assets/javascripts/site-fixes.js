/* Accessibility fixes for the theme's own widgets, run on every page load (and after each
   instant navigation):
   - markdown tables are wrapped by the theme in a scrolling box that a keyboard cannot
     reach: make it a focusable, labelled region (named after its caption or heading);
   - code blocks that scroll sideways get the same label, numbered (the theme makes them focusable);
   - without SITE_URL the print line shows the address the page was opened at;
   - the theme's search dialog has no accessible name: it is named after its box ("Search").
   Loaded by overrides/main.html from a file (not inline), so it is not repeated in every page. */
(function () {
  function label(el, fallback) {
    var caption = el.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
      if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
    }
    return fallback;
  }
  function region(el, name) {
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "region");
    if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", name + " (scrolls sideways)");
  }
  function fix() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      region(wrap, "Table: " + label(wrap, "data"));
    });
    var examples = 0;  /* each region's name is its own (axe: landmark-unique) */
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth) {
        examples += 1;
        if (code.getAttribute("aria-label") === "Code example (scrolls sideways)") code.removeAttribute("aria-label");
        region(code, "Code example " + examples);
      }
    });
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (dialog) {
      var input = dialog.querySelector("input[aria-label]");
      dialog.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
    });
    if (!document.querySelector('link[rel="canonical"]')) {
      document.querySelectorAll(".fr-print-url__value").forEach(function (el) {
        el.textContent = location.href;
      });
    }
  }
  if (typeof document$ !== "undefined") document$.subscribe(fix); else fix();
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(fix, 100); });
})();

