// Drawing a TimeSeries plot in SVG: its lines decimated to the lowest and highest value under each pixel
// column (a 100,000-point series draws as a few thousand segments; the data itself stays exact for
// results), its axes, and the regions over it.
{
  const NS = "http://www.w3.org/2000/svg";
  LC.svg = (tag, attrs = {}) => {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    return el;
  };

  // First index with times[i] >= t (times ascending).
  LC.bisect = (times, t) => {
    let lo = 0, hi = times.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (times[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  };

  // The visible indexes [i0, i1] of a view, one more on each side so the line reaches the edges.
  LC.visibleRange = (times, view) => [
    Math.max(0, LC.bisect(times, view[0]) - 1),
    Math.min(times.length - 1, LC.bisect(times, view[1])),
  ];

  LC.extentOf = (values, i0, i1) => {
    let lo = Infinity, hi = -Infinity;
    for (let i = i0; i <= i1; i++) {
      const v = values[i];
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === Infinity) return [0, 1];
    return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  };

  // The path of one line over screen x(t) and y(v): every point when they fit, else per pixel column
  // the first, lowest, highest and last values (so spikes and the line's continuity both survive).
  LC.linePath = (times, values, [i0, i1], x, y) => {
    const parts = [];
    let pen = "M";
    const point = (px, v) => {
      if (typeof v !== "number" || !Number.isFinite(v)) { pen = "M"; return; }
      parts.push(`${pen}${px.toFixed(1)},${y(v).toFixed(1)}`);
      pen = "L";
    };
    const span = x(times[i1]) - x(times[i0]);
    if (i1 - i0 <= 2 * Math.max(1, span)) {
      for (let i = i0; i <= i1; i++) point(x(times[i]), values[i]);
      return parts.join("");
    }
    let column = null, first, last, lo, hi;
    const flush = () => {
      if (column === null) return;
      for (const v of lo === hi ? [first] : [first, lo, hi, last]) point(column + 0.5, v);
    };
    for (let i = i0; i <= i1; i++) {
      const c = Math.floor(x(times[i]));
      const v = values[i];
      if (c !== column) { flush(); column = c; first = lo = hi = last = v; continue; }
      last = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    flush();
    return parts.join("");
  };

  // About `count` round steps covering [a, b]: 1, 2 or 5 times a power of ten (or of a time unit).
  const UNITS = [1, 1e3, 6e4, 36e5, 864e5];
  LC.ticks = (a, b, count, dates) => {
    const raw = (b - a) / Math.max(1, count);
    let step;
    if (dates && raw >= 1e3) {
      const unit = [...UNITS].reverse().find((u) => raw >= u) || 1;
      step = [1, 2, 5, 10, 15, 30, 60].map((k) => k * unit).find((s) => s >= raw) || unit * 60;
    } else {
      const p = 10 ** Math.floor(Math.log10(raw || 1));
      step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw);
    }
    const out = [];
    for (let t = Math.ceil(a / step) * step; t <= b && out.length < 50; t += step) out.push(t);
    return out;
  };

  LC.axisX = (g, ticks, x, y0, format) => {
    for (const t of ticks) {
      const px = x(t);
      g.append(LC.svg("line", { x1: px, x2: px, y1: 0, y2: y0, class: "lc-ts-grid" }));
      const label = LC.svg("text", { x: px, y: y0 + 13, "text-anchor": "middle", class: "lc-ts-tick" });
      label.textContent = format(t);
      g.append(label);
    }
  };

  LC.axisY = (g, [lo, hi], y, left, format, units) => {
    for (const v of LC.ticks(lo, hi, 4, false)) {
      const label = LC.svg("text", { x: left - 4, y: y(v) + 3, "text-anchor": "end", class: "lc-ts-tick" });
      label.textContent = format(v);
      g.append(label);
    }
    if (units) {
      const u = LC.svg("text", { x: left - 4, y: 10, "text-anchor": "end", class: "lc-ts-tick" });
      u.textContent = units;
      g.append(u);
    }
  };
}
