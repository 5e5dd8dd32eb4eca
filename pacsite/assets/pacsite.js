/* pacsite: draws the KPI charts of a page.
 * Each chart is a <div class="pacsite-chart"> holding its Plotly figure as JSON in a
 * <script type="application/json">. plotly.js is loaded once, only on pages that have charts,
 * without blocking the first paint; charts are drawn when they scroll into view, redrawn in
 * the colours of the light or dark palette, and work with Material's instant navigation. */
(function () {
  "use strict";
  var configured = "__PLOTLY_SRC__";
  var here = document.currentScript && document.currentScript.src;
  var plotlySrc = configured || (here ? here.replace(/pacsite\.js(\?.*)?$/, "plotly.min.js") : "");
  var loading = null;
  var observer = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = plotlySrc;
        s.async = true;
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { loading = null; reject(new Error("plotly.js not loaded: " + plotlySrc)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function colours() {
    var style = getComputedStyle(document.body);
    var fg = style.getPropertyValue("--md-typeset-color").trim() || "#333";
    var grid = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    var bg = style.getPropertyValue("--md-default-bg-color").trim() || "#fff";
    return { fg: fg, grid: grid, bg: bg };
  }

  function themed(layout) {
    var c = colours();
    var out = JSON.parse(JSON.stringify(layout));
    out.paper_bgcolor = "rgba(0,0,0,0)";
    out.plot_bgcolor = "rgba(0,0,0,0)";
    out.font = Object.assign({}, out.font || {}, { color: c.fg, family: "inherit" });
    ["xaxis", "yaxis", "yaxis2"].forEach(function (k) {
      if (out[k]) { out[k].gridcolor = c.grid; out[k].zerolinecolor = c.grid; out[k].linecolor = c.grid; }
    });
    delete out.updatemenus; // drawn as the page's own buttons (views), in the palette's colours
    return out;
  }

  function figureOf(el) {
    if (!el._pacsiteFigure) {
      // [figure]: Material's instant navigation may have re-created the script without its type
      var data = el.querySelector("script");
      el._pacsiteFigure = JSON.parse(data.textContent)[0];
    }
    return el._pacsiteFigure;
  }

  function draw(el) {
    if (el.dataset.drawn === "1" || el.dataset.drawing === "1") return;
    el.dataset.drawing = "1";
    loadPlotly().then(function (Plotly) {
      var fig = figureOf(el);
      var target = el.querySelector(".pacsite-chart__plot");
      if (!target) {
        target = document.createElement("div");
        target.className = "pacsite-chart__plot";
        el.appendChild(target);
      }
      var data = fig.data, layout = themed(fig.layout);
      return Plotly.newPlot(target, data, layout, {
        responsive: true, displaylogo: false, locale: document.documentElement.lang || "en",
        modeBarButtonsToRemove: ["lasso2d", "select2d"]
      }).then(function () { views(el, target, fig); el.dataset.drawn = "1"; el.dataset.drawing = ""; });
    }).catch(function (err) { el.dataset.drawing = ""; el.classList.add("pacsite-chart--failed"); console.warn(err); });
  }

  // A chart's views (per period / cumulative): real buttons before the plot, in the page's
  // colours (Plotly's own menu keeps a light active button, unreadable in the dark palette).
  function views(el, target, fig) {
    var menu = (fig.layout.updatemenus || [])[0];
    if (!menu || el.querySelector(".pacsite-chart__views")) return;
    var group = document.createElement("div");
    group.className = "pacsite-chart__views";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", el.getAttribute("aria-label") || "");
    menu.buttons.forEach(function (button, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "pacsite-chart__view";
      b.textContent = button.label;
      b.setAttribute("aria-pressed", i === 0 ? "true" : "false");
      b.addEventListener("click", function () {
        group.querySelectorAll("button").forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
        var args = button.args || [];
        window.Plotly.update(target, args[0] || {}, args[1] || {});
      });
      group.appendChild(b);
    });
    el.insertBefore(group, target);
  }

  function restyle() {
    if (!window.Plotly) return;
    document.querySelectorAll(".pacsite-chart[data-drawn='1']").forEach(function (el) {
      var target = el.querySelector(".pacsite-chart__plot");
      if (target) window.Plotly.relayout(target, themed(figureOf(el).layout));
    });
  }

  // Sortable tables: click a column header to sort by it (cells may carry data-sort values).
  function sortable(table) {
    if (table.dataset.sortable === "1") return;
    table.dataset.sortable = "1";
    table.querySelectorAll("thead th").forEach(function (th, column) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          var value = cell.getAttribute("data-sort");
          return value !== null ? value : cell.textContent.trim().toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var nx = parseFloat(x), ny = parseFloat(y);
          var cmp = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y);
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }

  // Filters of the portal: each <select data-filter="x"> keeps the rows whose data-x matches
  // (data-tag holds several values separated by "|").
  function filters(form) {
    if (form.dataset.ready === "1") return;
    form.dataset.ready = "1";
    var table = document.getElementById(form.dataset.target);
    if (!table) return;
    function apply() {
      var chosen = {};
      form.querySelectorAll("select[data-filter]").forEach(function (s) { if (s.value) chosen[s.dataset.filter] = s.value; });
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var keep = Object.keys(chosen).every(function (name) {
          var value = row.getAttribute("data-" + name) || "";
          return name === "tag" ? value.split("|").indexOf(chosen[name]) >= 0 : value === chosen[name];
        });
        row.hidden = !keep;
      });
    }
    form.addEventListener("change", apply);
    apply();
  }

  function setup() {
    document.querySelectorAll("table.pacsite-sortable").forEach(sortable);
    document.querySelectorAll("form.pacsite-filters").forEach(filters);
    var charts = document.querySelectorAll(".pacsite-chart");
    if (!charts.length) return;
    if (observer) observer.disconnect();
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
        });
      }, { rootMargin: "0px" });
      charts.forEach(function (el) { observer.observe(el); });
    } else {
      charts.forEach(draw);
    }
  }

  // Material's search dialog has no accessible name: give it the search field's.
  var dialog = document.querySelector(".md-search[role='dialog']");
  var field = document.querySelector(".md-search__input");
  if (dialog && field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.getAttribute("placeholder") || "Search");
  }

  // Palette switch: Material sets data-md-color-scheme on <body>.
  new MutationObserver(restyle).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  // Printing: every chart drawn, at the width of an A4 landscape page (the print stylesheet's),
  // then back to the screen's width.
  var PRINT_WIDTH = 960;
  function printWidth(width) {
    if (!window.Plotly) return;
    document.querySelectorAll(".pacsite-chart[data-drawn='1'] .pacsite-chart__plot").forEach(function (plot) {
      window.Plotly.relayout(plot, width ? { width: width, autosize: false } : { width: null, autosize: true });
    });
  }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".pacsite-chart").forEach(draw);
    printWidth(PRINT_WIDTH);
  });
  window.addEventListener("afterprint", function () { printWidth(null); });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
