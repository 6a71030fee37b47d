// Regions on an Image: drag a box, click polygon points (click the first point or press Enter to
// close), click a key point. Coordinates are % of the shown image; sizes from its natural pixels.
const SVG = "http://www.w3.org/2000/svg";
const clamp = (v) => Math.max(0, Math.min(100, v));
const round = (v) => Math.round(v * 1e4) / 1e4;

const pointer = (stage, e) => {
  const box = stage.getBoundingClientRect();
  return [clamp(((e.clientX - box.left) / box.width) * 100), clamp(((e.clientY - box.top) / box.height) * 100)];
};

const shape = (tag, attrs) => {
  const s = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  return s;
};

// The tool whose label is pressed, among the controls that draw on this image.
const activeTool = (objectName) => {
  for (const el of document.querySelectorAll("[data-lc-control][data-to-name]")) {
    const c = LC.control(el);
    if (!c || c.toName !== objectName || !["rectangle", "ellipse", "polygon", "keypoint"].includes(c.widget)) continue;
    const labels = LC.activeLabels(el);
    if (labels.length) return { c, labels };
  }
  return null;
};

const addImageRegion = (c, img, value, labels) => {
  if (!LC.overused(c, labels)) LC.addResult(imageResult(c, img, value, labels));
};

const imageResult = (c, img, value, labels) => {
  if (c.labelsKey) value[c.labelsKey] = labels.filter(Boolean);
  const extra = c.imageSized ? { original_width: img.naturalWidth, original_height: img.naturalHeight, image_rotation: 0 } : {};
  return LC.result(c, value, extra);
};

LC.setupStage = (figure) => {
  const name = figure.dataset.lcObject;
  for (const stage of figure.querySelectorAll(".lc-stage")) {
    const img = stage.querySelector("img");
    const svg = stage.querySelector("svg");
    let drag = null;
    let poly = null;
    const finishPolygon = () => {
      if (poly && poly.points.length >= 3) {
        addImageRegion(poly.c, img, { points: poly.points.map((p) => p.map(round)), closed: true }, poly.labels);
      }
      poly = null;
      LC.changed();
    };
    stage.addEventListener("mousedown", (e) => {
      const tool = activeTool(name);
      if (!tool || e.button !== 0) return;
      e.preventDefault();
      const [x, y] = pointer(stage, e);
      if (tool.c.widget === "rectangle" || tool.c.widget === "ellipse") drag = { tool, x, y, el: svg.appendChild(shape("rect", { x, y, width: 0, height: 0 })) };
      else if (tool.c.widget === "keypoint") addImageRegion(tool.c, img, { x: round(x), y: round(y) }, tool.labels);
      else {
        if (poly && poly.points.length >= 3 && Math.hypot(poly.points[0][0] - x, poly.points[0][1] - y) < 2) { finishPolygon(); return; }
        if (!poly) poly = { c: tool.c, labels: tool.labels, points: [] };
        poly.points.push([x, y]);
        LC.drawPending(svg, poly.points);
      }
    });
    window.addEventListener("mousemove", (e) => {
      if (!drag) return;
      const [x, y] = pointer(stage, e);
      const a = { x: Math.min(drag.x, x), y: Math.min(drag.y, y), width: Math.abs(x - drag.x), height: Math.abs(y - drag.y) };
      for (const [k, v] of Object.entries(a)) drag.el.setAttribute(k, v);
    });
    window.addEventListener("mouseup", (e) => {
      if (!drag) return;
      const [x, y] = pointer(stage, e);
      const d = drag;
      drag = null;
      d.el.remove();
      const x0 = Math.min(d.x, x), y0 = Math.min(d.y, y);
      const w = Math.abs(x - d.x), h = Math.abs(y - d.y);
      if (w < 0.5 || h < 0.5) return; // a click, not a box
      // An ellipse is drawn by its bounding box, as in Label Studio, and stored by centre and radii.
      const value = d.tool.c.widget === "ellipse"
        ? { x: round(x0 + w / 2), y: round(y0 + h / 2), radiusX: round(w / 2), radiusY: round(h / 2), rotation: 0 }
        : { x: round(x0), y: round(y0), width: round(Math.min(w, 100 - x0)), height: round(Math.min(h, 100 - y0)), rotation: 0 };
      addImageRegion(d.tool.c, img, value, d.tool.labels);
    });
    document.addEventListener("keydown", (e) => {
      if (poly && e.key === "Enter") finishPolygon();
      if (poly && e.key === "Escape") { poly = null; LC.changed(); }
    });
  }
  return () => {
    for (const [i, stage] of [...figure.querySelectorAll(".lc-stage")].entries()) LC.drawShapes(stage.querySelector("svg"), name, i);
  };
};

LC.drawPending = (svg, points) => {
  for (const old of svg.querySelectorAll(".lc-pending")) old.remove();
  const line = shape("polyline", { points: points.map((p) => p.join(",")).join(" "), class: "lc-pending", fill: "none", stroke: "#b00020", "stroke-width": 0.4 });
  svg.append(line, ...points.map(([x, y]) => shape("circle", { cx: x, cy: y, r: 0.8, class: "lc-pending" })));
};

// Every region on this image (any control): boxes, polygons, ellipses, key points.
LC.drawShapes = (svg, name, item) => {
  const out = [];
  for (const r of LC.results) {
    if (!r || r.to_name !== name || !r.value || (r.item_index || 0) !== item) continue;
    const v = r.value;
    let s = null;
    if (Array.isArray(v.points)) s = shape("polygon", { points: v.points.map((p) => p.join(",")).join(" ") });
    else if (typeof v.radiusX === "number") s = shape("ellipse", { cx: v.x, cy: v.y, rx: v.radiusX, ry: v.radiusY });
    else if (typeof v.x === "number" && typeof v.height === "number") {
      s = shape("rect", { x: v.x, y: v.y, width: v.width, height: v.height });
      if (v.rotation) s.setAttribute("transform", `rotate(${v.rotation} ${v.x} ${v.y})`);
    } else if (typeof v.x === "number") s = shape("circle", { cx: v.x, cy: v.y, r: 0.8 });
    if (!s) continue;
    s.dataset.region = r.id || "";
    if (r.id && r.id === LC.selected) s.classList.add("lc-selected");
    const color = LC.colorOf(r);
    if (color) s.style.stroke = color;
    out.push(s);
  }
  svg.replaceChildren(...out);
};
