/* A name box that filters a list (progressive enhancement: the box is left out without
   JavaScript). An input with data-filter-list="<id of a list>" shows the list's items whose
   text holds the words typed (accents and case ignored); data-filter-count names the element
   that says how many match, data-filter-noun what an item is. */
(function () {
  "use strict";
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    var count = document.getElementById(input.getAttribute("data-filter-count"));
    var noun = input.getAttribute("data-filter-noun") || "item";
    if (!list) return;
    var items = Array.prototype.slice.call(list.children).map(function (li) { return [li, fold(li.textContent)]; });
    function plural(n) { return n + " " + noun + (n === 1 ? "" : "s"); }
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shown = 0;
      items.forEach(function (item) {
        var keep = words.every(function (w) { return item[1].indexOf(w) >= 0; });
        if (item[0].hidden !== !keep) item[0].hidden = !keep;
        if (keep) shown += 1;
      });
      if (count) count.textContent = words.length ? plural(shown) + " of " + items.length + " match." : "All " + plural(items.length) + " listed.";
    }
    input.addEventListener("input", apply);
    if (input.form) input.form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  });
})();
