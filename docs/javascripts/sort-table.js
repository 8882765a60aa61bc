/* Sortable tables (progressive enhancement). A table with data-sortable gets a button in each
   column heading; pressing it sorts the rows by that column (again: the other way) and sets
   aria-sort on the heading. A cell sorts by its data-sort attribute, else the datetime of the
   <time> in it, else its text; a heading's data-type="number" sorts numerically. Without JavaScript the table keeps the
   order it was published in. */
(function () {
  function value(row, index, numeric) {
    var cell = row.children[index], time = cell.querySelector("time[datetime]");
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort")
      : time ? time.getAttribute("datetime") : cell.textContent.trim();
    return numeric ? parseFloat(raw) || 0 : raw.toLowerCase();
  }
  function sort(table, index, heading) {
    var numeric = heading.getAttribute("data-type") === "number";
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    /* a table in groups of rows (one <tbody> each: table-pages.js) keeps its groups' sizes:
       the sorted rows fill them in order */
    var bodies = Array.prototype.slice.call(table.tBodies);
    var sizes = bodies.map(function (b) { return b.rows.length; });
    var rows = [];
    bodies.forEach(function (b) { rows = rows.concat(Array.prototype.slice.call(b.rows)); });
    rows.forEach(function (row, i) { row.fr_order = i; });
    rows.sort(function (a, b) {
      var x = value(a, index, numeric), y = value(b, index, numeric);
      var c = x < y ? -1 : x > y ? 1 : a.fr_order - b.fr_order;
      return ascending ? c : -c;
    });
    var at = 0;
    bodies.forEach(function (b, i) {
      var part = document.createDocumentFragment();
      rows.slice(at, at + sizes[i]).forEach(function (row) { part.appendChild(row); });
      b.appendChild(part);
      at += sizes[i];
    });
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var caption = table.querySelector("caption");
    if (caption) {
      if (!caption.hasAttribute("data-text")) caption.setAttribute("data-text", caption.textContent.replace(/ \(sorted by [^)]*\)$/, ""));
      caption.textContent = caption.getAttribute("data-text") + " (sorted by " + heading.textContent.trim() +
        (ascending ? ", ascending)" : ", descending)");
    }
  }
  function setup() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.hasAttribute("data-sort-ready")) return;
      table.setAttribute("data-sort-ready", "");
      table.querySelectorAll("thead th").forEach(function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "fr-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sort(table, index, th); });
      });
      document.querySelectorAll(".fr-js-only").forEach(function (el) { el.hidden = false; });
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup); else setup();
})();
