/* The comparison page (compare/): a filterable, sortable table of every organisation and a
   side-by-side view of two to four of them, drawn from data/compare.json and
   data/compare/<id>.json (made at build time by macros/compare_views.py).
   Plan text reaches the page only through textContent: never innerHTML. */
(function () {
  "use strict";
  var root = document.getElementById("fr-compare");
  if (!root || !window.fetch) return;
  var base = root.getAttribute("data-base") || "";
  var MAX = 4;
  var data, rows = [], chosen = [], sortKey = "name", sortDir = 1, cache = {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function link(href, text, attrs) { return el("a", Object.assign({href: href, text: text}, attrs || {})); }
  function orgUrl(id, hash) { return base + "organisations/" + encodeURIComponent(id) + "/" + (hash ? "#" + hash : ""); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function statusOf(key) {
    for (var i = 0; i < data.statuses.length; i++) if (data.statuses[i].key === key) return data.statuses[i];
    return {key: key, label: key, symbol: ""};
  }
  function statusBadge(key) {
    var s = statusOf(key);
    if (key === "none") return el("span", {className: "fr-status fr-status--none"}, [el("span", {className: "fr-status__symbol", "aria-hidden": "true", text: "–"}), " No update"]);
    return el("span", {className: "fr-status fr-status--" + s.key}, [el("span", {className: "fr-status__symbol", "aria-hidden": "true", text: s.symbol}), " " + s.label]);
  }

  /* ---- the table ---- */
  var form = document.getElementById("fr-filters");
  var tbody = document.querySelector("#fr-table tbody");
  var count = document.getElementById("fr-count");
  var f = {name: document.getElementById("fr-f-name"), ws: document.getElementById("fr-f-ws"),
           rec: document.getElementById("fr-f-rec"), status: document.getElementById("fr-f-status"),
           successor: document.getElementById("fr-f-successor")};

  function filters() {
    var rec = parseInt(f.rec.value, 10);
    return {name: fold(f.name.value.trim()), ws: f.ws.value === "" ? null : parseInt(f.ws.value, 10),
            rec: rec >= 1 && rec <= 290 ? rec : null, status: f.status.value || null,
            successor: f.successor ? f.successor.value : ""};
  }
  function matching(o, q) {
    /* how many of the organisation's actions are in the chosen work stream with the chosen status */
    var n = 0;
    o.by.forEach(function (counts, k) {
      if (q.ws !== null && q.ws !== k) return;
      if (q.status === "overdue") n += o.overdue_by[k];
      else if (q.status === "due-passed-no-update") n += o.due_passed_no_update_by[k];
      else if (q.status) n += counts[q.status] || 0;
      else Object.keys(counts).forEach(function (s) { n += counts[s]; });
    });
    return n;
  }
  function keeps(o, q) {
    if (q.name && fold(o.name).indexOf(q.name) < 0) return false;
    if (q.ws !== null && !o.counts[q.ws]) return false;
    if (q.rec !== null && o.recs.indexOf(q.rec) < 0) return false;
    if (q.successor && (q.successor === "-" ? o.successor : o.successor !== q.successor)) return false;
    if (q.status === "overdue" && !o.overdue) return false;
    if (q.status === "due-passed-no-update" && !o.due_passed_no_update) return false;
    if (q.status && q.status !== "overdue" && q.status !== "due-passed-no-update" && !o.statuses[q.status]) return false;
    return true;
  }
  function matchLink(o, q, n) {
    if (q.ws !== null) return link(orgUrl(o.id, "ws-" + data.workstreams[q.ws].key), String(n));
    return link(orgUrl(o.id), String(n));
  }

  function buildRows() {
    data.organisations.forEach(function (o, i) {
      var box = el("input", {type: "checkbox", id: "fr-pick-" + i, "aria-label": "Compare " + o.name});
      box.addEventListener("change", function () { toggle(o.id, box.checked); });
      var cells = [el("th", {scope: "row"}, [box, " ", link(orgUrl(o.id), o.name),
                                             o.ws_editors ? el("span", {className: "fr-editors", text: " work streams chosen by the site's editors"}) : null])];
      data.workstreams.forEach(function (w, k) {
        var c = o.counts[k];
        cells.push(el("td", {}, [c ? link(orgUrl(o.id, "ws-" + w.key), String(c), {"aria-label": c + " in " + w.number + ". " + w.name + ", " + o.name}) : "0"]));
      });
      cells.push(el("td", {}, [link(orgUrl(o.id, "summary"), String(o.total), {"aria-label": plural(o.total, "action") + ", " + o.name})]));
      cells.push(el("td", {}, [o.overdue ? link(orgUrl(o.id), String(o.overdue), {"aria-label": o.overdue + " overdue, " + o.name}) : "0"]));
      cells.push(el("td", {}, [o.due_passed_no_update ? link(orgUrl(o.id), String(o.due_passed_no_update), {"aria-label": o.due_passed_no_update + " with the due date passed and no update published, " + o.name}) : "0"]));
      var match = el("td", {className: "fr-match"});
      cells.push(match);
      cells.push(el("td", {text: o.successor || "not recorded"}));
      var tr = el("tr", {"data-id": o.id}, cells);
      rows.push({o: o, tr: tr, box: box, match: match});
    });
  }

  var announce = null;
  function apply() {
    var q = filters(), shown = 0, filtered = q.ws !== null || q.status;
    rows.forEach(function (r) {
      var keep = keeps(r.o, q);
      r.tr.hidden = !keep;
      r.n = matching(r.o, q);
      r.match.textContent = "";
      if (keep) {
        shown++;
        r.match.appendChild(filtered ? (r.n ? matchLink(r.o, q, r.n) : document.createTextNode("0")) : document.createTextNode("–"));
      }
    });
    var text = shown + " of " + plural(rows.length, "organisation") + " shown" + (chosen.length ? "; " + chosen.length + " chosen to compare" : "") + ".";
    if (q.rec !== null) {
      /* organisations whose documents do not number recommendations: never "does not address it" */
      var apart = rows.filter(function (r) { return r.o.numbers_recommendations === false; }).length;
      if (apart) text += " Not counted: " + plural(apart, "organisation") + " whose documents do not number the recommendations they address.";
    }
    clearTimeout(announce);
    announce = setTimeout(function () { count.textContent = text; }, 250);
  }

  function value(r, key) {
    if (key === "name") return r.o.name;
    if (key === "total") return r.o.total;
    if (key === "overdue") return r.o.overdue;
    if (key === "due-passed") return r.o.due_passed_no_update;
    if (key === "match") return r.n || 0;
    if (key === "successor") return r.o.successor || "";
    return r.o.counts[parseInt(key.slice(2), 10)];
  }
  function sort() {
    rows.sort(function (a, b) {
      var x = value(a, sortKey), y = value(b, sortKey);
      var c = typeof x === "string" ? x.localeCompare(y, "en", {sensitivity: "base"}) : x - y;
      return (c || a.o.name.localeCompare(b.o.name, "en")) * (c ? sortDir : 1);
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r.tr); });
    tbody.appendChild(frag);
    document.querySelectorAll("#fr-table th[data-sort]").forEach(function (th) {
      if (th.getAttribute("data-sort") === sortKey) th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      th.querySelector(".fr-sort__arrow").textContent = th.getAttribute("data-sort") === sortKey ? (sortDir > 0 ? " ▲" : " ▼") : "";
    });
  }
  function sortButtons() {
    document.querySelectorAll("#fr-table th[data-sort]").forEach(function (th) {
      var label = th.textContent;
      th.textContent = "";
      var button = el("button", {type: "button", className: "fr-sort"}, [label, el("span", {className: "fr-sort__arrow", "aria-hidden": "true"})]);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        if (key === sortKey) sortDir = -sortDir;
        else { sortKey = key; sortDir = key === "name" || key === "successor" ? 1 : -1; }
        sort();
        count.textContent = "Sorted by " + label + ", " + (sortDir > 0 ? "ascending" : "descending") + ".";
      });
      th.appendChild(button);
    });
  }

  /* ---- choosing and the side-by-side view ---- */
  var sbs = document.getElementById("fr-sbs");
  var hint = document.getElementById("fr-sbs-hint");
  function byId(id) {
    for (var i = 0; i < data.organisations.length; i++) if (data.organisations[i].id === id) return data.organisations[i];
    return null;
  }
  function toggle(id, on) {
    var at = chosen.indexOf(id);
    if (on && at < 0 && chosen.length < MAX) chosen.push(id);
    if (!on && at >= 0) chosen.splice(at, 1);
    syncBoxes();
    remember();
    draw();
    apply();
  }
  function syncBoxes() {
    rows.forEach(function (r) {
      r.box.checked = chosen.indexOf(r.o.id) >= 0;
      r.box.disabled = !r.box.checked && chosen.length >= MAX;
    });
  }
  function remember() {
    var url = new URL(window.location.href);
    if (chosen.length) url.searchParams.set("orgs", chosen.join(","));
    else url.searchParams.delete("orgs");
    window.history.replaceState(null, "", url.pathname + url.search.replace(/%2C/gi, ",") + url.hash);
  }
  /* Data comes as JSON over the web. A copy opened from its files (the pull-request preview)
     cannot fetch from file://, so there it loads the same data as scripts (data/...json.js,
     written only into that copy), each of which hands its data to window.frCompareData. */
  var fromFiles = window.location.protocol === "file:";
  function getData(path) {
    if (!fromFiles) {
      return fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " for " + path);
        return r.json();
      });
    }
    return new Promise(function (resolve, reject) {
      var store = window.frCompareData = window.frCompareData || {};
      var script = document.createElement("script");
      script.src = base + path + ".js";
      script.onload = function () { path in store ? resolve(store[path]) : reject(new Error("no data in " + path)); };
      script.onerror = function () { reject(new Error("cannot load " + path)); };
      document.head.appendChild(script);
    });
  }
  function load(id) {
    if (!cache[id]) cache[id] = getData("data/compare/" + encodeURIComponent(id) + ".json");
    return cache[id];
  }

  var drawing = 0;
  function draw() {
    var ticket = ++drawing;
    var ids = chosen.slice();
    if (ids.length < 2) {
      sbs.textContent = "";
      hint.hidden = false;
      if (ids.length === 1) sbs.appendChild(el("p", {text: "Chosen: " + byId(ids[0]).name + ". Choose at least one more organisation."}));
      return;
    }
    hint.hidden = true;
    Promise.all(ids.map(load)).then(function (plans) {
      if (ticket !== drawing) return;
      sbs.textContent = "";
      sbs.appendChild(render(plans));
    }).catch(function (e) {
      sbs.textContent = "";
      sbs.appendChild(el("p", {className: "fr-none", text: "The comparison could not be loaded (" + e.message + ")."}));
    });
  }

  function render(plans) {
    var out = document.createDocumentFragment();
    out.appendChild(el("p", {text: "Comparing " + plans.map(function (p) { return p.name; }).join(", ") + ". Share this page's address to show the same comparison."}));
    var remove = el("ul", {className: "fr-inline-list fr-sbs__chosen", "aria-label": "Chosen organisations"});
    plans.forEach(function (p) {
      var b = el("button", {type: "button", className: "fr-button fr-sbs__remove", text: "Remove " + p.name});
      b.addEventListener("click", function () { toggle(p.id, false); document.getElementById("side-by-side-h").focus(); });
      remove.appendChild(el("li", {}, [b]));
    });
    out.appendChild(remove);
    out.appendChild(summary(plans));
    data.workstreams.forEach(function (w) { out.appendChild(stream(plans, w)); });
    return out;
  }

  function summary(plans) {
    var head = el("tr", {}, [el("th", {scope: "col", text: "Organisation"}), el("th", {scope: "col", text: "Actions"}),
                             el("th", {scope: "col", text: "Overdue"}), el("th", {scope: "col", text: "Due date passed, no update published"}),
                             el("th", {scope: "col", text: "Latest status of the actions"})]);
    var body = el("tbody");
    plans.forEach(function (p) {
      var o = byId(p.id), parts = [];
      data.statuses.forEach(function (s) {
        if (o.statuses[s.key]) parts.push(el("li", {}, [statusBadge(s.key), " " + o.statuses[s.key]]));
      });
      body.appendChild(el("tr", {}, [el("th", {scope: "row"}, [link(orgUrl(p.id), p.name)]), el("td", {text: String(o.total)}),
                                    el("td", {text: String(o.overdue)}), el("td", {text: String(o.due_passed_no_update)}),
                                    el("td", {}, [el("ul", {className: "fr-inline-list"}, parts)])]));
    });
    var table = el("table", {className: "fr-counts fr-sbs__summary"}, [el("caption", {text: "The chosen organisations in figures"}), el("thead", {}, [head]), body]);
    return el("div", {className: "fr-scroll", tabindex: "0", role: "region", "aria-label": "The chosen organisations in figures (scrolls sideways)"}, [table]);
  }

  function stream(plans, w) {
    var section = el("section", {className: "fr-sbs__stream fr-ws--" + w.key});
    section.appendChild(el("h3", {}, [el("span", {className: "fr-badge fr-ws--" + w.key, text: w.number + ". " + w.name})]));
    var recs = {}, order = [];
    plans.forEach(function (p, i) {
      p.actions.forEach(function (a) {
        if (a.ws !== w.key) return;
        var keys = a.recs.length ? a.recs : ["none"];
        keys.forEach(function (k) {
          if (!recs[k]) { recs[k] = plans.map(function () { return []; }); order.push(k); }
          recs[k][i].push(a);
        });
      });
    });
    if (!order.length) {
      section.appendChild(el("p", {className: "fr-none", text: "None of the chosen organisations has actions in this work stream."}));
      return section;
    }
    order.sort(function (a, b) { return (a === "none") - (b === "none") || a - b; });
    order.forEach(function (k) {
      var row = el("div", {className: "fr-sbs__row"});
      var heading = k === "none" ? el("h4", {text: "Not linked to a recommendation"})
        : el("h4", {}, [link(base + "recommendations/" + k + "/", "Recommendation " + k)]);
      row.appendChild(heading);
      var cells = el("div", {className: "fr-sbs__cells", style: "--fr-cols: " + plans.length});
      plans.forEach(function (p, i) {
        var cell = el("div", {className: "fr-sbs__cell"}, [el("p", {className: "fr-sbs__org", text: p.name})]);
        var actions = recs[k][i];
        if (!actions.length) cell.appendChild(el("p", {className: "fr-none", text: k === "none" ? "None." : "Does not address it in this work stream."}));
        else cell.appendChild(el("ul", {}, actions.map(function (a) { return action(p, a); })));
        cells.appendChild(cell);
      });
      row.appendChild(cells);
      section.appendChild(row);
    });
    return section;
  }

  function action(p, a) {
    var meta = el("span", {className: "fr-sbs__meta"}, [statusBadge(a.status)]);
    if (a.ws_editors) meta.appendChild(el("span", {className: "fr-editors", text: "work stream chosen by the site's editors"}));
    if (a.overdue) meta.appendChild(el("strong", {className: "fr-flag fr-flag--overdue", text: "Overdue"}));
    if (a.due_passed_no_update) meta.appendChild(el("span", {className: "fr-tag fr-flag--due-passed", text: "Due date passed, no update published"}));
    if (a.priority) meta.appendChild(el("span", {className: "fr-meta", text: "Priority " + a.priority}));
    if (a.not_supported) meta.appendChild(el("strong", {className: "fr-flag", text: "Not supported by the Government"}));
    var label = a.position ? el("span", {className: "fr-position-label", text: "Current position (the source states no action): "}) : null;
    return el("li", {}, [label, link(orgUrl(p.id, a.anchor), a.text || "(action not stated)"), " ", meta]);
  }

  /* ---- start ---- */
  getData("data/compare.json").then(function (d) {
    data = d;
    buildRows();
    sortButtons();
    sort();
    var wanted = (new URLSearchParams(window.location.search).get("orgs") || "").split(",");
    wanted.forEach(function (id) { if (byId(id) && chosen.indexOf(id) < 0 && chosen.length < MAX) chosen.push(id); });
    syncBoxes();
    if (wanted.join(",")) remember();  /* the address names what is shown: at most four known ids */
    root.querySelectorAll(".fr-js-only").forEach(function (s) { s.hidden = false; });
    root.querySelectorAll(".fr-nojs").forEach(function (s) { s.hidden = true; });
    document.getElementById("side-by-side-h").setAttribute("tabindex", "-1");
    ["input", "change"].forEach(function (ev) { form.addEventListener(ev, apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
    draw();
    if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }).catch(function () { /* the list of organisations stays */ });
})();
