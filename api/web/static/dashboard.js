// Draws every chart of a page from the JSON the server put beside its canvas.
// Numbers are formatted by the browser for the page's language (Intl); a canvas gets
// data-drawn="true" once its chart has rendered, which the browser tests wait for, and
// window.perfledgerDrawn is the moment (ms since navigation start) the last one was drawn.
(function () {
  "use strict";

  const PALETTE = ["#1c5bbf", "#d9480f", "#2b8a3e", "#7048e8", "#e67700", "#0b7285", "#c2255c", "#5c940d"];
  const lang = document.documentElement.lang || "en";
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const percents = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  function colourOf(index) {
    return PALETTE[index % PALETTE.length];
  }

  // A rolling mean (dashed) is drawn in its series' colour, thinner and dashed, so a reader
  // sees which line it smooths; every other dataset takes the next colour of the palette.
  function colours(specs) {
    let next = -1;
    return specs.map(function (spec) {
      if (spec.style !== "dashed" || next < 0) next += 1;
      return colourOf(next);
    });
  }

  function dataset(spec, colour, dashes) {
    const style = spec.style || "line";
    const base = {
      label: spec.label,
      data: spec.data,
      borderColor: colour,
      backgroundColor: colour,
      spanGaps: true,
      pointRadius: 2,
      borderWidth: 2,
      yAxisID: spec.axis || "y",
    };
    if (style === "bar") {
      return Object.assign(base, { type: "bar", backgroundColor: colour + "99", borderWidth: 0 });
    }
    if (style === "dashed") {
      return Object.assign(base, { type: "line", borderDash: dashes, borderWidth: 1.5, pointRadius: 0 });
    }
    if (style === "band") {
      return Object.assign(base, {
        type: "line", borderColor: "#c92a2a", backgroundColor: "#c92a2a",
        borderDash: [3, 3], pointRadius: 0, borderWidth: 1,
      });
    }
    if (style === "marks") {
      return Object.assign(base, {
        type: "line", showLine: false, pointStyle: "star", pointRadius: 9,
        borderColor: "#e67700", backgroundColor: "#ffd43b", notes: spec.notes || [],
      });
    }
    return Object.assign(base, { type: "line" });
  }

  // The first rolling mean after a series is dashed long, the second short.
  function drawnSets(specs) {
    const palette = colours(specs);
    let run = 0;
    return specs.map(function (spec, i) {
      run = spec.style === "dashed" ? run + 1 : 0;
      return dataset(spec, palette[i], run > 1 ? [2, 3] : [6, 4]);
    });
  }

  function yAxis(y) {
    const axis = { beginAtZero: true };
    if (y.categories) {
      return { type: "category", labels: y.categories, offset: true, reverse: false };
    }
    if (y.min !== undefined) axis.min = y.min;
    if (y.max !== undefined) axis.max = y.max;
    axis.ticks = {
      callback: function (value) {
        return y.percent ? percents.format(value) + "%" : numbers.format(value);
      },
    };
    return axis;
  }

  function tooltipLabel(context) {
    const notes = context.dataset.notes;
    if (notes && notes[context.dataIndex]) return notes[context.dataIndex];
    const value = context.parsed.y;
    const shown = typeof value === "number" ? numbers.format(value) : context.raw;
    return context.dataset.label + ": " + shown;
  }

  function config(spec) {
    const small = Boolean(spec.small);
    const y = spec.y || {};
    const scales = { y: yAxis(y), x: { ticks: { autoSkip: true, maxRotation: 0 }, display: !small } };
    if (spec.x_title) scales.x.title = { display: true, text: spec.x_title };
    if (spec.datasets.some(function (d) { return d.axis === "y2"; })) {
      scales.y2 = { position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
        ticks: { callback: function (v) { return numbers.format(v); } } };
    }
    if (small) scales.y.display = false;
    return {
      type: spec.type || "line",
      data: { labels: spec.labels, datasets: drawnSets(spec.datasets) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: lang,
        interaction: { mode: "index", intersect: false },
        scales: scales,
        plugins: {
          legend: { display: !small, position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: tooltipLabel } },
        },
      },
      plugins: [{
        id: "drawn",
        afterRender: function (chart) {
          chart.canvas.setAttribute("data-drawn", "true");
          if (!document.querySelector('canvas[data-chart]:not([data-drawn="true"])')) markDrawn();
        },
      }],
    };
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    new window.Chart(canvas, config(spec));
  }

  // Only the first time: a resize draws the charts again.
  function markDrawn() {
    if (window.perfledgerDrawn === undefined) window.perfledgerDrawn = performance.now();
  }

  function drawAll() {
    if (!window.Chart) return;
    const canvases = document.querySelectorAll("canvas[data-chart]");
    canvases.forEach(draw);
    if (canvases.length === 0) markDrawn();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
