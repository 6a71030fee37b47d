// What an image stage shows: each region in its label's colour with a caption, the selected region's
// handles. The overlay's user units are the image's natural pixels, so a rotation drawn here is the
// pixel-space rotation Label Studio records; strokes, captions and handles keep their size on screen
// at every zoom (`k` = image pixels per screen pixel).
{
  const SVGNS = "http://www.w3.org/2000/svg";
  const G = LC.geom;
  const el = (tag, attrs) => {
    const s = document.createElementNS(SVGNS, tag);
    for (const [key, v] of Object.entries(attrs)) s.setAttribute(key, v);
    return s;
  };
  LC.svgEl = el;
  LC.hidden = new Set(); // region ids hidden from view (the annotation keeps them)

  const px = (v, W, H) => [(v[0] * W) / 100, (v[1] * H) / 100];

  // The shape and where its caption goes (top-left of what the annotator sees).
  const body = (v, W, H, k) => {
    const kind = G.kind(v);
    if (kind === "rect") {
      const b = G.box(v, W, H);
      const t = `rotate(${b.a} ${b.o[0]} ${b.o[1]})`;
      return [el("rect", { x: b.o[0], y: b.o[1], width: b.w, height: b.h, transform: t }), b.o, t];
    }
    if (kind === "ellipse") {
      const e = G.ellipse(v, W, H);
      const t = `rotate(${e.a} ${e.c[0]} ${e.c[1]})`;
      return [el("ellipse", { cx: e.c[0], cy: e.c[1], rx: e.rx, ry: e.ry, transform: t }), [e.c[0] - e.rx, e.c[1] - e.ry], t];
    }
    if (kind === "polygon") {
      const pts = v.points.map((p) => px(p, W, H));
      const top = pts.reduce((a, p) => (p[1] < a[1] ? p : a), pts[0] || [0, 0]);
      return [el("polygon", { points: pts.map((p) => p.join(",")).join(" ") }), top, ""];
    }
    if (kind === "point") {
      const [cx, cy] = px([v.x, v.y], W, H);
      return [el("circle", { cx, cy, r: 4 * k }), [cx + 5 * k, cy - 5 * k], ""];
    }
    return [null];
  };

  // One region: <g data-region> holding its shape and caption.
  LC.regionShape = (r, value, W, H, k) => {
    const [shape, at, transform] = body(value, W, H, k);
    if (!shape) return null;
    shape.classList.add("lc-shape");
    const g = el("g", { class: "lc-region", "data-region": r.id || "" });
    if (r.id && r.id === LC.selected) g.classList.add("lc-selected");
    if (LC.locked.has(r.id)) g.classList.add("lc-locked");
    const color = LC.colorOf(r);
    if (color) g.style.setProperty("--lc-region", color);
    g.append(shape);
    const labels = (LC.labelsOf(r) || []).join(", ");
    if (labels) {
      const text = el("text", { x: at[0], y: at[1] - 3 * k, "font-size": 12 * k, "stroke-width": 3 * k, class: "lc-caption" });
      if (transform) text.setAttribute("transform", transform);
      text.textContent = labels;
      g.append(text);
    }
    return g;
  };

  const handle = (name, [x, y], k, cls) => el("circle", { cx: x, cy: y, r: (cls === "lc-insert" ? 4 : 5) * k, "data-handle": name, class: `lc-handle ${cls || ""}` });
  const ROT = 24; // screen px between a box's top edge and its rotation handle

  // The selected region's handles: resize (edges and corners), rotate, polygon vertices and midpoints.
  LC.regionHandles = (value, W, H, k, rotatable) => {
    const g = el("g", { class: "lc-handles" });
    const kind = G.kind(value);
    if (kind === "rect") {
      const b = G.box(value, W, H);
      const at = (q) => G.world(q, b.o, b.a);
      const spots = { nw: [0, 0], n: [b.w / 2, 0], ne: [b.w, 0], e: [b.w, b.h / 2], se: [b.w, b.h], s: [b.w / 2, b.h], sw: [0, b.h], w: [0, b.h / 2] };
      const top = at([b.w / 2, 0]), knob = at([b.w / 2, -ROT * k]);
      if (rotatable) g.append(el("line", { x1: top[0], y1: top[1], x2: knob[0], y2: knob[1], class: "lc-stalk" }));
      for (const [name, q] of Object.entries(spots)) g.append(handle(name, at(q), k));
      if (rotatable) g.append(handle("rotate", knob, k, "lc-rotate"));
    } else if (kind === "ellipse") {
      const e = G.ellipse(value, W, H);
      const at = (q) => G.world(q, e.c, e.a);
      const spots = { n: [0, -e.ry], e: [e.rx, 0], s: [0, e.ry], w: [-e.rx, 0] };
      const top = at([0, -e.ry]), knob = at([0, -e.ry - ROT * k]);
      if (rotatable) g.append(el("line", { x1: top[0], y1: top[1], x2: knob[0], y2: knob[1], class: "lc-stalk" }));
      for (const [name, q] of Object.entries(spots)) g.append(handle(name, at(q), k));
      if (rotatable) g.append(handle("rotate", knob, k, "lc-rotate"));
    } else if (kind === "polygon") {
      const pts = value.points.map((p) => px(p, W, H));
      pts.forEach((p, i) => {
        const next = pts[(i + 1) % pts.length];
        g.append(handle(`insert:${i}`, [(p[0] + next[0]) / 2, (p[1] + next[1]) / 2], k, "lc-insert"));
      });
      pts.forEach((p, i) => g.append(handle(`vertex:${i}`, p, k, "lc-vertex")));
    }
    return g;
  };

  // A polygon being drawn: its points so far, joined.
  LC.pendingShape = (points, W, H, k) => {
    const pts = points.map((p) => px(p, W, H));
    const g = el("g", { class: "lc-pending" });
    g.append(el("polyline", { points: pts.map((p) => p.join(",")).join(" ") }));
    for (const p of pts) g.append(el("circle", { cx: p[0], cy: p[1], r: 3 * k }));
    return g;
  };
}
