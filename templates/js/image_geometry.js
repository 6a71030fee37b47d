// Image region geometry, as Label Studio records it: x, y, width, height, radii and points in % of the
// image; rotation in degrees, clockwise, applied in pixel space (around the top-left corner of a box,
// around the centre of an ellipse). Edits work in natural pixels (W x H) and return a new value, or
// null when the edit would leave the image.
{
  const G = {};
  LC.geom = G;
  const rad = (deg) => (deg * Math.PI) / 180;
  const turn = ([x, y], deg) => {
    const c = Math.cos(rad(deg)), s = Math.sin(rad(deg));
    return [x * c - y * s, x * s + y * c];
  };
  const pct = (v) => Math.round(v * 1e4) / 1e4; // what the page records: % to four decimals
  const within = (p, W, H) => p[0] >= -1e-6 && p[1] >= -1e-6 && p[0] <= W + 1e-6 && p[1] <= H + 1e-6;

  G.clampPct = (v) => Math.max(0, Math.min(100, v));
  G.pct = pct;
  G.turn = turn;

  // Which of the four shapes a value is (the order Label Studio recognises them in).
  G.kind = (v) => {
    if (!v) return null;
    if (Array.isArray(v.points)) return "polygon";
    if (typeof v.radiusX === "number") return "ellipse";
    if (typeof v.x === "number" && typeof v.height === "number") return "rect";
    if (typeof v.x === "number" && typeof v.y === "number") return "point";
    return null;
  };

  // A box in pixels: origin (its rotation pivot), size, angle.
  G.box = (v, W, H) => ({ o: [(v.x * W) / 100, (v.y * H) / 100], w: (v.width * W) / 100, h: (v.height * H) / 100, a: v.rotation || 0 });
  G.ellipse = (v, W, H) => ({ c: [(v.x * W) / 100, (v.y * H) / 100], rx: (v.radiusX * W) / 100, ry: (v.radiusY * H) / 100, a: v.rotation || 0 });
  G.local = (p, origin, a) => turn([p[0] - origin[0], p[1] - origin[1]], -a);
  G.world = (q, origin, a) => { const [x, y] = turn(q, a); return [origin[0] + x, origin[1] + y]; };
  G.corners = (b) => [[0, 0], [b.w, 0], [b.w, b.h], [0, b.h]].map((q) => G.world(q, b.o, b.a));

  // An unrotated box ends inside the image even after rounding: its size gives way to its position.
  const upTo = (size, at, rotation) => (rotation ? pct(size) : Math.min(pct(size), 100 - at));
  const boxValue = (v, o, w, h, a, W, H) => {
    const x = pct((o[0] / W) * 100), y = pct((o[1] / H) * 100), rotation = pct(a);
    return { ...v, x, y, width: upTo((w / W) * 100, x, rotation), height: upTo((h / H) * 100, y, rotation), rotation };
  };
  const boxInside = (value, W, H) => G.corners(G.box(value, W, H)).every((p) => within(p, W, H));

  // The points a value covers, in %: what must stay inside the image when the region moves.
  const extent = (v, W, H) => {
    const k = G.kind(v);
    if (k === "polygon") return v.points;
    if (k === "rect") return G.corners(G.box(v, W, H)).map(([x, y]) => [(x / W) * 100, (y / H) * 100]);
    return [[v.x, v.y]]; // an ellipse keeps its centre inside, as the editor's drag bound does
  };

  // Move by (dx, dy) %, stopped at the image's edges.
  G.move = (v, dx, dy, W, H) => {
    const pts = extent(v, W, H);
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    dx = Math.max(-Math.min(...xs), Math.min(100 - Math.max(...xs), dx));
    dy = Math.max(-Math.min(...ys), Math.min(100 - Math.max(...ys), dy));
    if (G.kind(v) === "polygon") return { ...v, points: v.points.map(([x, y]) => [pct(x + dx), pct(y + dy)]) };
    if (G.kind(v) === "rect" && !v.rotation) return { ...v, x: Math.min(pct(v.x + dx), 100 - v.width), y: Math.min(pct(v.y + dy), 100 - v.height) };
    return { ...v, x: pct(v.x + dx), y: pct(v.y + dy) };
  };

  // Drag a box's edge or corner handle ("n", "se" ...) to pixel point p, in the box's own frame.
  G.resizeBox = (v, handle, p, W, H, min) => {
    const b = G.box(v, W, H);
    const q = G.local(p, b.o, b.a);
    let [l, t, r, btm] = [0, 0, b.w, b.h];
    const mw = Math.min(min, b.w), mh = Math.min(min, b.h); // a box already thinner keeps its size
    if (handle.includes("w")) l = Math.min(q[0], r - mw);
    if (handle.includes("e")) r = Math.max(q[0], l + mw);
    if (handle.includes("n")) t = Math.min(q[1], btm - mh);
    if (handle.includes("s")) btm = Math.max(q[1], t + mh);
    const out = boxValue(v, G.world([l, t], b.o, b.a), r - l, btm - t, b.a, W, H);
    return boxInside(out, W, H) ? out : null;
  };

  // Turn a box about its centre so its rotation handle (above the top edge) points at p.
  G.rotateBox = (v, p, W, H, snap) => {
    const b = G.box(v, W, H);
    const c = G.world([b.w / 2, b.h / 2], b.o, b.a);
    const a = angleTo(c, p, snap);
    const [hx, hy] = turn([b.w / 2, b.h / 2], a);
    const out = boxValue(v, [c[0] - hx, c[1] - hy], b.w, b.h, a, W, H);
    return boxInside(out, W, H) ? out : null;
  };

  // Clockwise degrees in [0, 360) from straight up, to 15 degrees with `snap` (Shift).
  const angleTo = (c, p, snap) => {
    let a = (Math.atan2(p[1] - c[1], p[0] - c[0]) * 180) / Math.PI + 90;
    if (snap) a = Math.round(a / 15) * 15;
    a = pct(((a % 360) + 360) % 360); // rounded as recorded, so 359.99999 becomes 0, not 360
    return a >= 360 ? 0 : a;
  };

  // An ellipse resized about its centre: "e"/"w" set radiusX, "n"/"s" radiusY (each at most 50 %,
  // the largest radius Label Studio's SDK accepts).
  G.resizeEllipse = (v, handle, p, W, H, min) => {
    const e = G.ellipse(v, W, H);
    const q = G.local(p, e.c, e.a);
    const out = { ...v };
    if (/[ew]/.test(handle)) out.radiusX = pct(Math.min(50, (Math.max(Math.abs(q[0]), min) / W) * 100));
    if (/[ns]/.test(handle)) out.radiusY = pct(Math.min(50, (Math.max(Math.abs(q[1]), min) / H) * 100));
    return out;
  };

  G.rotateEllipse = (v, p, W, H, snap) => {
    const e = G.ellipse(v, W, H);
    return { ...v, rotation: pct(angleTo(e.c, p, snap)) };
  };

  G.setVertex = (v, i, at) => ({ ...v, points: v.points.map((pt, j) => (j === i ? at.map((c) => pct(G.clampPct(c))) : pt)) });
  G.insertVertex = (v, i, at) => ({ ...v, points: [...v.points.slice(0, i + 1), at.map(pct), ...v.points.slice(i + 1)] });
  G.removeVertex = (v, i) => (v.points.length > 3 ? { ...v, points: v.points.filter((_, j) => j !== i) } : null);

  // A new region from a drag from a to b, in %: a box between the two corners; an ellipse centred where
  // the drag began, its radii the drag's reach, cut so it stays inside the image (the editor's
  // two-point tool does both so).
  G.fromDrag = (kind, a, b) => {
    const w = Math.abs(b[0] - a[0]), h = Math.abs(b[1] - a[1]);
    if (kind === "ellipse") {
      const rx = Math.min(w, a[0], 100 - a[0]), ry = Math.min(h, a[1], 100 - a[1]);
      return { x: pct(a[0]), y: pct(a[1]), radiusX: pct(rx), radiusY: pct(ry), rotation: 0 };
    }
    const x0 = pct(Math.min(a[0], b[0])), y0 = pct(Math.min(a[1], b[1]));
    return { x: x0, y: y0, width: upTo(w, x0, 0), height: upTo(h, y0, 0), rotation: 0 };
  };
}
