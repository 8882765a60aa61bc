/* A long table shown a group of rows at a time (progressive enhancement: without JavaScript
   every row shows). A table with data-paged holds its rows in several <tbody> groups; the
   stylesheet lays out the first only (the others are class "fr-later"). "Show more" shows the
   next group, "Show all" every one; typing in the name box shows every row whose first cell
   holds the words typed, from every group. The count says how many rows show. */
(function () {
  "use strict";
  var table = document.querySelector("table[data-paged]");
  if (!table) return;
  var more = document.getElementById("fr-register-more");
  var all = document.getElementById("fr-register-all");
  var count = document.getElementById("fr-register-count");
  var name = document.getElementById("fr-rf-name");
  var form = document.getElementById("fr-register-filter");
  var bodies = Array.prototype.slice.call(table.tBodies);
  var total = bodies.reduce(function (n, b) { return n + b.rows.length; }, 0);
  var open = 1;

  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function show() {
    var q = name ? fold(name.value.trim()) : "", shown = 0;
    table.classList.toggle("fr-filtering", q !== "");
    bodies.forEach(function (b, i) {
      b.classList.toggle("fr-shown", i < open);
      Array.prototype.forEach.call(b.rows, function (row) {
        var keep = !q || fold(row.cells[0].textContent).indexOf(q) >= 0;
        if (row.hidden !== !keep) row.hidden = !keep;
        if (keep && (q || i < open)) shown += 1;
      });
    });
    var rest = q ? 0 : total - shown;
    if (more) more.hidden = rest === 0;
    if (all) all.hidden = rest === 0;
    if (count) count.textContent = q ? shown + " of " + total + " organisations match." : "Showing " + shown + " of " + total + " organisations.";
  }

  if (more) more.addEventListener("click", function () { open += 1; show(); });
  if (all) all.addEventListener("click", function () { open = bodies.length; show(); });
  if (name) name.addEventListener("input", show);
  if (form) form.addEventListener("submit", function (e) { e.preventDefault(); });
  show();
})();
