// TimeSeries: one chart per Channel (a MultiChannel's channels share one), all on one time axis, with
// zoom (Ctrl+wheel, buttons, +/-), pan (drag with no label pressed, wheel sideways, the overview) and
// TimeSeriesLabels regions as Label Studio's editor records them: a drag with a label pressed marks a
// range, a double click an instant, both snapped to the nearest data points; `start`/`end` are the time
// column's values (printed in `timeFormat` when it is set), `instant` says whether they are one point.
LC.keyHelp.push(
  ["←/→, Shift+←/→, Enter", "On a focused time series: move, select points, then mark them (no selection: an instant)"],
  ["Alt+←/→, Alt+Shift+←/→, +/−", "On a focused time series: move the selected region's end or start; zoom"],
);

LC.setupTimeSeries = (figure) => {
  const name = figure.dataset.lcObject;
  const script = figure.querySelector(".lc-ts-data");
  const box = figure.querySelector(".lc-ts-plots");
  if (!script || !box) return () => {};
  const series = LC.readSeries(figure, script);
  if (series.error) { box.replaceChildren(LC.note(series.error)); return () => {}; }
  const d = figure.dataset;
  const { times, write, read, show, isDate } = series;
  const n = times.length;
  const [first, last] = [times[0], times[n - 1]];
  const minSpan = Math.max(((last - first) / (n - 1)) * 4, Number.EPSILON);

  const controls = Object.values(LC.controls).filter((c) => c.widget === "timeseries" && c.toName === name);
  const mine = () => LC.results.filter((r) => r && r.to_name === name && r.value && r.value.start !== undefined
    && controls.some((c) => c.name === r.from_name));
  const pressed = () => controls.map((c) => [c, document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"]`)])
    .find(([, el]) => el && LC.activeLabels(el).length);

  // The view: the first overviewWidth of the series, as the editor opens it.
  const share = parseFloat(d.overviewWidth) / 100;
  let view = [first, first + (last - first) * (share > 0 && share <= 1 ? share : 1)];
  const setView = (a, b) => {
    let span = Math.min(last - first, Math.max(minSpan, b - a));
    let start = Math.min(Math.max(first, a), last - span);
    if (!Number.isFinite(start)) { start = first; span = last - first; }
    view = [start, start + span];
    draw();
  };
  const zoom = (factor, at = (view[0] + view[1]) / 2) => {
    const span = Math.min(last - first, Math.max(minSpan, (view[1] - view[0]) * factor));
    const k = (at - view[0]) / (view[1] - view[0]);
    setView(at - k * span, at - k * span + span);
  };
  const pan = (fraction) => { const s = view[1] - view[0]; setView(view[0] + s * fraction, view[1] + s * fraction); };

  const L = 56, R = 12, T = 8, B = 20; // the plot area's margins: axis labels left and below
  const plots = LC.tsPlots(figure, box, series);
  if (!plots.length) return () => {};

  const toolbar = document.createElement("div");
  toolbar.className = "lc-ts-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", `${name} view`);
  for (const [text, label, act] of [["−", "Zoom out", () => zoom(2)], ["+", "Zoom in", () => zoom(0.5)],
    ["◀", "Earlier", () => pan(-0.5)], ["▶", "Later", () => pan(0.5)], ["↔", "Show all", () => setView(first, last)]]) {
    toolbar.append(LC.button(text, label, act));
  }
  box.before(toolbar);
  const overview = LC.svg("svg", { class: "lc-ts-overview", "aria-hidden": "true" });
  box.after(overview);

  // The charts' width, read once per redraw: x() runs for every point drawn.
  let W = 0;
  const width = () => W;
  const measure = () => { W = Math.max(L + R + 10, box.clientWidth); };
  const x = (t) => L + ((t - view[0]) / (view[1] - view[0])) * (W - L - R);
  const invert = (px) => view[0] + ((px - L) / (W - L - R)) * (view[1] - view[0]);
  const nearest = (t) => {
    const i = Math.min(n - 1, LC.bisect(times, t));
    return i > 0 && t - times[i - 1] <= times[i] - t ? i - 1 : i;
  };
  const localX = (svg, e) => e.clientX - svg.getBoundingClientRect().left;

  let preview = null; // [t0, t1] being brushed or selected with keys
  let cursor = null; // the keyboard's data point
  let anchor = null;
  let moving = null; // {r, start, end} while an edge is dragged

  // One colour lookup per control and label per redraw, not one per region.
  let colors = new Map();
  const colorOf = (r) => {
    const key = `${r.from_name}\n${(LC.labelsOf(r) || [])[0]}`;
    if (!colors.has(key)) colors.set(key, LC.colorOf(r));
    return colors.get(key);
  };
  const spanOf = (r) => (moving && moving.r === r ? [moving.start, moving.end] : [read(r.value.start), read(r.value.end)]);
  const drawPlot = (p) => {
    const w = width();
    const { svg, height } = p;
    const range = LC.visibleRange(times, view);
    const extents = p.lines.map((l) => LC.extentOf(l.values, ...(p.fixed ? [0, n - 1] : range)));
    const lo = Math.min(...extents.map((e) => e[0])), hi = Math.max(...extents.map((e) => e[1]));
    const y = (v) => T + (1 - (v - lo) / (hi - lo)) * height;
    svg.setAttribute("viewBox", `0 0 ${w} ${height + T + B}`);
    svg.setAttribute("width", w);
    svg.setAttribute("height", height + T + B);
    Object.assign(svg.dataset, { viewStart: view[0], viewEnd: view[1], plotLeft: L, plotWidth: w - L - R });
    const clip = `lc-ts-clip-${name}-${plots.indexOf(p)}`.replace(/[^\w-]/g, "_");
    const g = LC.svg("g");
    const defs = LC.svg("defs");
    const cp = LC.svg("clipPath", { id: clip });
    cp.append(LC.svg("rect", { x: L, y: 0, width: w - L - R, height: height + T }));
    defs.append(cp);
    g.append(defs, LC.svg("rect", { x: L, y: T, width: w - L - R, height, class: "lc-ts-area" }));
    LC.axisX(g, LC.ticks(view[0], view[1], (w - L - R) / 100, isDate), x, T + height, show);
    const fmt = LC.numberFormat(p.lines[0].el.dataset.displayFormat);
    LC.axisY(g, [lo, hi], y, L, fmt, p.lines[0].el.dataset.units);
    p.lines.forEach((l, k) => {
      const key = LC.svg("text", { x: L + 6, y: T + 14 + 14 * k, class: "lc-ts-legend" });
      key.style.fill = l.color;
      key.textContent = l.el.dataset.legend || l.el.dataset.column;
      g.append(key);
    });
    const inner = LC.svg("g", { "clip-path": `url(#${clip})` });
    for (const l of p.lines) {
      const path = LC.svg("path", { d: LC.linePath(times, l.values, range, x, y), class: "lc-ts-line" });
      path.style.stroke = l.color; // CSSOM: a colour or a var() (attributes take no var())
      path.style.strokeWidth = l.el.dataset.strokeWidth;
      inner.append(path);
    }
    for (const r of mine()) {
      const [a, b] = spanOf(r);
      const rect = LC.svg("rect", { x: x(a) - (r.value.instant ? 1 : 0), y: T, height, width: Math.max(2, x(b) - x(a)),
        class: `lc-ts-region${r.id === LC.selected ? " lc-selected" : ""}` });
      rect.dataset.tsRegion = r.id;
      const color = colorOf(r);
      if (color) rect.style.setProperty("--lc-color", color);
      inner.append(rect);
    }
    if (preview) {
      const [a, b] = [Math.min(...preview), Math.max(...preview)];
      inner.append(LC.svg("rect", { x: x(a), y: T, height, width: Math.max(2, x(b) - x(a)), class: "lc-ts-preview" }));
    }
    if (cursor !== null) inner.append(LC.svg("line", { x1: x(times[cursor]), x2: x(times[cursor]), y1: T, y2: T + height, class: "lc-ts-cursor" }));
    g.append(inner);
    svg.replaceChildren(g);
  };

  let overviewLines = null;
  const drawOverview = () => {
    const w = width(), h = 40;
    const ox = (t) => L + ((t - first) / (last - first)) * (w - L - R);
    overview.setAttribute("viewBox", `0 0 ${w} ${h}`);
    overview.setAttribute("width", w);
    overview.setAttribute("height", h);
    const wanted = (d.overviewChannels || "").split(",").map((c) => c.trim()).filter(Boolean).map(series.columnName);
    const all = plots.flatMap((p) => p.lines);
    const shown = all.filter((l) => wanted.includes(series.columnName(l.el.dataset.column)));
    const g = LC.svg("g");
    if (!overviewLines || overviewLines.width !== w) { // the whole series: drawn again only when resized
      overviewLines = { width: w, paths: (shown.length ? shown : all).map((l) => {
        const [lo, hi] = LC.extentOf(l.values, 0, n - 1);
        const path = LC.svg("path", { d: LC.linePath(times, l.values, [0, n - 1], ox, (v) => 2 + (1 - (v - lo) / (hi - lo)) * (h - 4)),
          class: "lc-ts-line" });
        path.style.stroke = l.color;
        return path;
      }) };
    }
    g.append(...overviewLines.paths);
    for (const r of mine()) {
      const [a, b] = spanOf(r);
      const rect = LC.svg("rect", { x: ox(a), y: 0, height: h, width: Math.max(1, ox(b) - ox(a)), class: "lc-ts-region" });
      const color = colorOf(r);
      if (color) rect.style.setProperty("--lc-color", color);
      g.append(rect);
    }
    g.append(LC.svg("rect", { x: ox(view[0]), y: 0, height: h, width: Math.max(4, ox(view[1]) - ox(view[0])), class: "lc-ts-window" }));
    overview.replaceChildren(g);
    overview.onpointerdown = (e) => {
      const t = first + ((localX(overview, e) - L) / (w - L - R)) * (last - first);
      const s = view[1] - view[0];
      const grab = t >= view[0] && t <= view[1] ? t - view[0] : s / 2;
      setView(t - grab, t - grab + s);
      overview.setPointerCapture(e.pointerId);
      overview.onpointermove = (m) => {
        const tt = first + ((localX(overview, m) - L) / (w - L - R)) * (last - first);
        setView(tt - grab, tt - grab + s);
      };
      overview.onpointerup = () => { overview.onpointermove = null; };
    };
  };

  function draw() {
    measure();
    colors = new Map();
    for (const p of plots) drawPlot(p);
    drawOverview();
  }

  const mark = (c, labels, i, j) => {
    if (LC.overused(c, labels)) return;
    const [a, b] = [times[Math.min(i, j)], times[Math.max(i, j)]];
    const value = { start: write(a), end: write(b), instant: a === b };
    if (c.labelsKey) value[c.labelsKey] = labels;
    const r = LC.result(c, value);
    LC.addResult(r);
    LC.select(r.id); // a new region is selected, so its per-region controls show at once
  };
  const commit = (r, a, b) => {
    const [s, e] = r.value.instant ? [b, b] : [Math.min(a, b), Math.max(a, b)];
    LC.commitGeometry(r, { start: write(s), end: write(e) });
  };
  const say = (p, t) => {
    const values = p.lines.map((l) => `${l.el.dataset.legend || l.el.dataset.column} ${LC.numberFormat(l.el.dataset.displayFormat)(l.values[nearest(t)])}${l.el.dataset.units ? ` ${l.el.dataset.units}` : ""}`);
    p.readout.textContent = `${show(times[nearest(t)])}: ${values.join(", ")}${preview ? `; selected ${span(preview)}` : ""}`;
  };
  // A selection's length in durationDisplayFormat: time-column units, or seconds on a date axis.
  const length = LC.numberFormat(d.durationFormat);
  const span = ([a, b]) => {
    const [s, e] = [Math.min(a, b), Math.max(a, b)];
    return `${show(s)} – ${show(e)} (${isDate ? `${length((e - s) / 1000)} s` : length(e - s)})`;
  };

  // A press within a few pixels of a region's edge drags that edge (an instant moves whole).
  const EDGE = 5;
  const edgeAt = (px) => {
    for (const r of mine()) {
      if (LC.locked.has(r.id)) continue;
      const [a, b] = spanOf(r);
      if (r.value.instant && Math.abs(x(a) - px) <= EDGE) return { r, edge: "end" };
      if (!r.value.instant && Math.abs(x(b) - px) <= EDGE) return { r, edge: "end" };
      if (!r.value.instant && Math.abs(x(a) - px) <= EDGE) return { r, edge: "start" };
    }
    return null;
  };
  // A click selects the regions under it one after another, then none, as in the editor.
  const clickAt = (px) => {
    const under = mine().filter((r) => { const [a, b] = spanOf(r); return x(a) - 2 <= px && px <= x(b) + 2; });
    const next = under[under.findIndex((r) => r.id === LC.selected) + 1];
    LC.select(next ? next.id : null);
  };

  for (const p of plots) {
    const { svg } = p;
    let drag = null;
    let lastClick = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      const px = localX(svg, e);
      const edge = edgeAt(px);
      const found = pressed();
      if (edge) {
        const [a, b] = spanOf(edge.r);
        drag = { kind: "edge", ...edge };
        moving = { r: edge.r, start: a, end: b };
      } else if (found) drag = { kind: "brush", c: found[0], labels: LC.activeLabels(found[1]), from: px };
      else drag = { kind: "pan", from: px, view0: [...view] };
      drag.x = px;
      svg.setPointerCapture(e.pointerId);
      svg.focus({ preventScroll: true });
      e.preventDefault();
    });
    svg.addEventListener("pointermove", (e) => {
      const px = localX(svg, e);
      say(p, invert(px));
      if (!drag) return;
      if (drag.kind === "brush") {
        preview = [times[nearest(invert(drag.from))], times[nearest(invert(px))]];
        say(p, invert(px));
      }
      else if (drag.kind === "edge") {
        const t = times[nearest(invert(px))];
        if (drag.r.value.instant) moving.start = moving.end = t;
        else moving[drag.edge] = t;
      } else {
        const shift = ((px - drag.from) / (width() - L - R)) * (drag.view0[1] - drag.view0[0]);
        view = [drag.view0[0] - shift, drag.view0[1] - shift];
        setView(...view);
        return;
      }
      drawPlotAll();
    });
    svg.addEventListener("pointerup", (e) => {
      if (!drag) return;
      const px = localX(svg, e);
      const { kind } = drag;
      const moved = Math.abs(px - drag.x) >= 3;
      const done = drag;
      drag = null;
      preview = null;
      if (kind === "edge") {
        const m = moving;
        moving = null;
        if (moved) commit(m.r, m.start, m.end); else { draw(); clickAt(px); }
        return;
      }
      if (!moved) {
        // A second click soon after the first, on the same spot, with a label pressed: an instant.
        const again = lastClick && e.timeStamp - lastClick.at < 400 && Math.abs(px - lastClick.x) < 4;
        lastClick = again ? null : { at: e.timeStamp, x: px };
        if (again && kind === "brush") { const i = nearest(invert(px)); mark(done.c, done.labels, i, i); return; }
        draw();
        clickAt(px);
        return;
      }
      if (kind === "brush") mark(done.c, done.labels, nearest(invert(done.from)), nearest(invert(px)));
      else draw();
    });
    svg.addEventListener("wheel", (e) => {
      if (e.ctrlKey || e.metaKey) zoom(e.deltaY > 0 ? 1.25 : 0.8, invert(localX(svg, e)));
      else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) pan((e.shiftKey ? e.deltaY : e.deltaX) / 500);
      else return;
      e.preventDefault();
    }, { passive: false });
    svg.addEventListener("keydown", (e) => onKey(e, p));
    svg.addEventListener("pointerleave", () => { p.readout.textContent = ""; });
  }
  function drawPlotAll() { measure(); for (const p of plots) drawPlot(p); }

  // Keyboard: ←/→ move a cursor over the data points (a hundredth of the visible ones a step), Shift
  // selects from where it was, Enter marks the selection (no selection: an instant) with the pressed
  // label; Alt+←/→ moves the selected region's end, Alt+Shift+←/→ its start; + and − zoom.
  const onKey = (e, p) => {
    const [i0, i1] = LC.visibleRange(times, view);
    const step = Math.max(1, Math.round((i1 - i0) / 100));
    const arrow = e.key === "ArrowLeft" ? -1 : e.key === "ArrowRight" ? 1 : 0;
    const region = LC.selected ? mine().find((r) => r.id === LC.selected) : null;
    if (arrow && e.altKey) {
      if (!region || LC.locked.has(region.id)) return;
      const [a, b] = [read(region.value.start), read(region.value.end)];
      const moveStart = e.shiftKey && !region.value.instant;
      const to = times[Math.min(n - 1, Math.max(0, nearest(moveStart ? a : b) + arrow * step))];
      commit(region, moveStart ? to : a, moveStart ? b : to);
    } else if (arrow) {
      if (cursor === null) cursor = nearest(view[0]);
      if (e.shiftKey && anchor === null) anchor = cursor;
      if (!e.shiftKey) anchor = null;
      cursor = Math.min(n - 1, Math.max(0, cursor + arrow * step));
      if (times[cursor] < view[0] || times[cursor] > view[1]) {
        const s = view[1] - view[0];
        setView(times[cursor] - s / 2, times[cursor] + s / 2);
      }
      preview = anchor === null ? null : [times[anchor], times[cursor]];
      say(p, times[cursor]);
    } else if (e.key === "Enter" && cursor !== null) {
      const found = pressed();
      if (!found) { LC.say(`Pick a label first, then press Enter to mark it on ${name}.`); return; }
      const from = anchor === null ? cursor : anchor;
      anchor = null;
      preview = null;
      mark(found[0], LC.activeLabels(found[1]), from, cursor);
    } else if (e.key === "+" || e.key === "=") zoom(0.5, cursor === null ? undefined : times[cursor]);
    else if (e.key === "-" || e.key === "−") zoom(2, cursor === null ? undefined : times[cursor]);
    else return;
    e.preventDefault();
    e.stopPropagation(); // the chart's keys here, not a config hotkey's
    draw();
  };

  window.addEventListener("resize", () => draw());
  return draw;
};

// A pressed label of the selected region's own control relabels it, as in the editor.
document.addEventListener("click", (e) => {
  const b = e.target.closest && e.target.closest(".lc-label");
  const control = b && b.closest("[data-lc-control][data-widget=timeseries]");
  const c = control && LC.controls[control.dataset.lcControl];
  const region = c && LC.selected ? LC.results.find((r) => r && r.id === LC.selected && r.from_name === c.name) : null;
  if (!region || !c.labelsKey || LC.locked.has(region.id)) return;
  const label = b.dataset.label;
  if ((region.value[c.labelsKey] || []).join("\n") === label || LC.overused(c, [label])) return;
  LC.remember();
  region.value = { ...region.value, [c.labelsKey]: [label] };
  region.origin = LC.originAfterEdit(region);
  LC.changed();
});

LC.widgets.timeseries = () => () => {}; // the palette is the control; the chart belongs to its TimeSeries
