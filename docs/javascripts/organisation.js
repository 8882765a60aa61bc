/* The organisation page (organisations/<id>/): filters for its action lines and folding
   (progressive enhancement: without JavaScript every line is there and opens on its own, as
   <details> do).
   - A link to an action (#action-<id>, from search, other pages or the page's own lists) opens
     its line, which then scrolls into view.
   - The status and work-stream filters hide the lines that do not match and say how many do.
   - "Open all" and "Close all"; printing opens every line for the printout, then restores them. */
(function () {
  "use strict";
  var form = document.getElementById("fr-action-filters");
  if (!form) return;
  var status = document.getElementById("fr-af-status");
  var stream = document.getElementById("fr-af-ws");
  var count = document.getElementById("fr-af-count");
  var lines = Array.prototype.slice.call(document.querySelectorAll(".fr-line"));
  var streams = Array.prototype.slice.call(document.querySelectorAll("#actions .fr-stream"));
  var folds = Array.prototype.slice.call(document.querySelectorAll("details.fr-fold"));

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function keeps(line, wanted) {
    if (!wanted) return true;
    if (wanted === "overdue") return line.hasAttribute("data-overdue");
    if (wanted === "due-passed") return line.hasAttribute("data-due-passed");
    return line.getAttribute("data-status") === wanted;
  }

  function apply() {
    var wanted = status.value, ws = stream.value, shown = 0;
    streams.forEach(function (section) {
      var inStream = !ws || section.getAttribute("data-workstream") === ws, here = 0;
      section.querySelectorAll(".fr-line").forEach(function (line) {
        var keep = inStream && keeps(line, wanted);
        line.hidden = !keep;
        if (keep) here += 1;
      });
      section.hidden = !inStream;
      var none = section.querySelector(".fr-lines__none");
      if (none) none.hidden = here > 0;
      shown += here;
    });
    count.textContent = (wanted || ws)
      ? plural(shown, "action") + " of " + lines.length + " match the filters."
      : "All " + plural(lines.length, "action") + " shown.";
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var fold = target.closest("details");
    if (!fold) return;
    /* a filter must not hide the action asked for */
    var line = fold.closest(".fr-line");
    if (line && line.hidden) { form.reset(); apply(); }
    if (!fold.open) {
      fold.open = true;
      target.scrollIntoView();
    }
  }

  status.addEventListener("change", apply);
  stream.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("fr-af-open").addEventListener("click", function () {
    folds.forEach(function (d) { if (!d.closest("[hidden]")) d.open = true; });
  });
  document.getElementById("fr-af-close").addEventListener("click", function () {
    folds.forEach(function (d) { d.open = false; });
  });

  // printed open: the actions and the source's passages
  var printed = Array.prototype.slice.call(document.querySelectorAll("details.fr-fold, details.fr-passage__fold"));
  var before = null;
  window.addEventListener("beforeprint", function () {
    before = printed.map(function (d) { return d.open; });
    printed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (before) printed.forEach(function (d, i) { d.open = before[i]; });
    before = null;
  });

  window.addEventListener("hashchange", openTarget);
  apply();
  openTarget();
})();
