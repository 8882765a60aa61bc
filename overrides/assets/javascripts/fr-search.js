/* The site's search (macros/site/search.py, overrides/partials/fr-search.html): the theme's
   search box and result styles, with Pagefind's index behind them. Nothing is fetched until
   the reader opens the search: then Pagefind's script, its WebAssembly and metadata, and for
   each query the index chunks and the results it needs.

   A link with ?q=words opens the search with those words. Keyboard: "/", "s" or "f" opens the search; Escape closes it; the arrow keys move between
   the box and the results; Enter in the box opens the first result. Results can be narrowed
   by organisation, work stream and status. Every value from the index is put in the page as
   text (textContent), never as markup. */
(function () {
  "use strict";
  var root = document.querySelector("[data-fr-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var script = document.currentScript || document.querySelector("script[src*='fr-search.js']");
  var base = new URL("../../", script.src); // the site's root: this file is assets/javascripts/fr-search.js
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector("[data-fr-more]");
  var panel = root.querySelector("[data-fr-filters]");
  var chosenNote = root.querySelector("[data-fr-chosen]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var PAGE = 10;
  var engine = null;
  var current = null; // {results, shown, query}
  var sequence = 0;
  var timer = null;

  function say(text) { meta.textContent = text; }

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return pagefind.options({
          excerptLength: 24,
          // Exact words over longer ones they start ("1" over "12"); short records (a name, a
          // recommendation's heading) are not penalised for being short.
          ranking: { termSimilarity: 8.0, pageLength: 0.3, termSaturation: 1.6, termFrequency: 1.0 }
        }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function chosen() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.getAttribute("data-filter")] = s.value; });
    return filters;
  }

  // "recommendation 12", "rec 12" and "Rec. 12" all mean recommendation 12, which every record
  // about it carries as the word "rec12" (macros/views/search_views.py: reference).
  function normalise(query) {
    return query.replace(/\brec(?:ommendation)?s?\.?\s*(\d{1,3})\b/gi, "rec$1").trim();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  function run() {
    var query = normalise(input.value);
    var mine = ++sequence;
    if (!query) {
      current = null;
      list.textContent = "";
      more.hidden = true;
      panel.hidden = true;
      say("Type to start searching");
      return;
    }
    say("Searching…");
    load().then(function (pagefind) {
      return pagefind.search(query, { filters: chosen() });
    }).then(function (search) {
      if (mine !== sequence) return null;
      current = { results: search ? search.results : [], shown: 0, query: query };
      list.textContent = "";
      facets(search);
      var n = current.results.length;
      say(n === 0 ? "No matching results" : n === 1 ? "1 matching result" : n + " matching results");
      return page(mine);
    }).catch(function (error) {
      if (mine !== sequence) return;
      say("Search is not available just now: " + (error && error.message ? error.message : error));
    });
  }

  function page(mine) {
    var slice = current.results.slice(current.shown, current.shown + PAGE);
    current.shown += slice.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (found) {
      if (mine !== sequence) return;
      found.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  // The filters' values are fetched when the reader opens "Narrow the results" (a search
  // fetches only what the query needs); each search then counts them.
  var filtersLoaded = false;
  panel.addEventListener("toggle", function () {
    if (!panel.open || filtersLoaded) return;
    load().then(function (pagefind) { return pagefind.filters(); }).then(function () {
      filtersLoaded = true;
      run();
    });
  });

  function facets(search) {
    var counts = (search && search.filters) || {};
    var any = filtersLoaded ? false : current.results.length > 0;
    selects.forEach(function (select) {
      var key = select.getAttribute("data-filter");
      var value = select.value;
      var values = counts[key] || {};
      var names = Object.keys(values).filter(function (v) { return values[v] > 0 || v === value; });
      names.sort(key === "organisation" ? function (a, b) { return a.localeCompare(b); } : undefined);
      while (select.options.length > 1) select.remove(1);
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name + " (" + (values[name] || 0) + ")";
        select.appendChild(option);
      });
      select.value = value;
      if (names.length) any = true;
    });
    var n = selects.filter(function (s) { return s.value; }).length;
    chosenNote.textContent = n ? " (" + n + " chosen)" : "";
    panel.hidden = !any;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is the text with "<" and ">" escaped and the matched words in <mark>:
  // rebuilt here as text nodes and <mark> elements.
  function excerpt(target, html) {
    (html || "").split(/(<mark>|<\/mark>)/).reduce(function (marked, piece) {
      if (piece === "<mark>") return true;
      if (piece === "</mark>") return false;
      piece = piece.replace(/(^|\s)rec\d{1,3}\b\.?/g, "$1"); // the recommendation's search word (normalise)
      if (piece.trim() || (piece && !marked)) {
        piece = piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        if (!marked) { target.appendChild(document.createTextNode(piece)); return marked; }
        // the word marked, without the punctuation around it
        var word = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(piece);
        if (word[1]) target.appendChild(document.createTextNode(word[1]));
        target.appendChild(el("mark", null, word[2]));
        if (word[3]) target.appendChild(document.createTextNode(word[3]));
      }
      return marked;
    }, false);
    return target;
  }

  // The words of ``text`` that start with a word of the query, in <mark> (an action's result
  // shows its organisation's name here, not in its excerpt: the name a reader typed is marked
  // where it is seen).
  function marked(target, text) {
    var words = (current ? current.query : "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1;
    });
    text.split(/([^\p{L}\p{N}]+)/u).forEach(function (piece) {
      var lower = piece.toLowerCase();
      var hit = piece && words.some(function (w) { return lower.indexOf(w) === 0; });
      target.appendChild(hit ? el("mark", null, piece) : document.createTextNode(piece));
    });
    return target;
  }

  function href(url) {
    return new URL(url || "", base).href;
  }

  function article(title, level, data, sub) {
    var a = el("a", "md-search-result__link");
    a.href = href(sub ? sub.url : data.meta.url);
    var art = el("article", "md-search-result__article md-typeset");
    if (level === 1) art.appendChild(el("div", "md-search-result__icon md-icon"));
    art.appendChild(el(level === 1 ? "h1" : "h2", null, title));
    if (level === 1) {
      var line = el("p", "fr-search-result__meta");
      var m = data.meta;
      if (m.organisation) line.appendChild(marked(el("span", "fr-search-result__org"), m.organisation));
      if (m.status) {
        var status = el("span", "fr-status" + (m.status_key ? " fr-status--" + m.status_key : " fr-status--none"));
        if (m.symbol) { var sym = el("span", "fr-status__symbol", m.symbol); sym.setAttribute("aria-hidden", "true"); status.appendChild(sym); status.appendChild(document.createTextNode(" ")); }
        status.appendChild(document.createTextNode(m.status));
        line.appendChild(status);
      }
      if (m.workstream) line.appendChild(el("span", "fr-search-result__ws", "Work stream " + m.workstream));
      if (!m.organisation && m.kind) line.appendChild(el("span", "fr-search-result__kind", m.kind + (m.detail ? " · " + m.detail : "")));
      art.appendChild(line);
    }
    art.appendChild(excerpt(el("p", "md-search-result__teaser"), sub ? sub.excerpt : data.excerpt));
    a.appendChild(art);
    return a;
  }

  function anchorOf(url) { return url.slice(url.lastIndexOf("#") + 1); }

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, l) { return sum + (l.balanced_score || 0); }, 0);
  }

  // A result is a record: an organisation, a recommendation, a page, or an organisation's
  // actions that share a work stream and status (macros/views/search_views.py), each action a
  // section at its own anchor. The actions that hold the words are shown, the best first, as
  // the result and the lines under it, each opening the action itself; a page shows up to three
  // of its sections that hold them.
  function item(data) {
    var li = el("li", "md-search-result__item");
    var own = data.meta.url || "";
    var page = own.split("#")[0];
    var subs = (data.sub_results || []).filter(function (s) {
      return s.url && s.url.indexOf("#") >= 0 && s.title !== data.meta.title;
    });
    var at = function (sub) { return { url: page + "#" + anchorOf(sub.url), excerpt: sub.excerpt }; };
    if (data.meta.kind === "Action" && subs.length) {
      subs.sort(function (a, b) { return score(b) - score(a); }); // (stable: ties keep page order)
      li.appendChild(article(subs[0].title, 1, data, at(subs[0])));
      subs.slice(1).forEach(function (sub) { li.appendChild(article(sub.title, 2, data, at(sub))); });
      return li;
    }
    li.appendChild(article(data.meta.title || data.meta.url, 1, data));
    if (data.meta.kind !== "Action") {
      subs.slice(0, 3).forEach(function (sub) { li.appendChild(article(sub.title, 2, data, at(sub))); });
    }
    return li;
  }

  function open() {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    input.focus();
    input.select();
  }

  function close() {
    if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  var button = document.querySelector("[data-fr-search-button]");
  if (button) button.addEventListener("click", function () { open(); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { setTimeout(function () { input.focus(); }, 0); load(); }
  });
  input.addEventListener("focus", function () { load(); });
  input.addEventListener("input", schedule);
  selects.forEach(function (s) { s.addEventListener("change", run); });
  more.addEventListener("click", function () {
    if (current) { var at = links().length; page(sequence).then(function () { var l = links()[at]; if (l) l.focus(); }); }
  });
  form.addEventListener("reset", function () { setTimeout(function () { selects.forEach(function (s) { s.value = ""; }); run(); input.focus(); }, 0); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) close(); // the page may only scroll to the anchor
  });

  // A shared search link (?q=words, as the theme's search reads it) opens the search with the query.
  var shared = new URLSearchParams(location.search).get("q");
  if (shared) {
    input.value = shared;
    open();
    run();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f" || event.key === "S" || event.key === "F")) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      var button = document.querySelector("[data-fr-search-button]");
      if (button) button.focus();
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (target && target.tagName === "SELECT") return;
      var all = [input].concat(links());
      var at = all.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? Math.min(at + 1, all.length - 1) : Math.max(at - 1, 0);
      if (at < 0) next = 0;
      event.preventDefault();
      all[next].focus();
    }
  });
})();
