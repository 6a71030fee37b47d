// Regions on an Image, operated as in Label Studio's editor. With a label pressed: drag a box or an
// ellipse, click polygon points (click the first point or press Enter to close), click a key point; the
// new region is selected. A selected region drags to move, and its handles resize, rotate, and move,
// add (midpoint) or remove (Alt+click) polygon vertices; clicking another label of its control relabels
// it. Without a label pressed, a click selects a region and a drag on the image pans.
{
  const G = LC.geom;
  const TOOLS = ["rectangle", "ellipse", "polygon", "keypoint"];
  const SLOP = 3; // screen px a press may wander and still be a click
  const DRAGGED = { rectangle: "rect", videorectangle: "rect", ellipse: "ellipse" }; // tools that draw by a drag

  // The tool whose label is pressed, among the controls that draw on this image.
  const activeTool = (objectName) => {
    for (const el of document.querySelectorAll("[data-lc-control][data-to-name]")) {
      const c = LC.control(el);
      if (!c || c.toName !== objectName || !TOOLS.includes(c.widget)) continue;
      const labels = LC.activeLabels(el);
      if (labels.length) return { c, labels };
    }
    return null;
  };

  // Per-region answers repeat their region's geometry under the same id: the region is the result
  // of the control that draws it.
  const regionById = (id) => LC.results.find((r) => r && r.id === id && r.value && LC.controls[r.from_name]
    && LC.controls[r.from_name].makesRegions) || LC.results.find((r) => r && r.id === id && G.kind(r.value));

  const commitGeometry = LC.commitGeometry;

  const rotatable = (region) => (LC.controls[region.from_name] || {}).canRotate !== false;

  // What a stage draws on. An image by default; video.js passes a video's view: its size, the shape a
  // region has at the shown frame (null where it is not shown), the tool in hand, and how a new or
  // edited shape is written into the region's result.
  const imageMedia = (name, img) => ({
    size: () => [img.naturalWidth || 100, img.naturalHeight || 100],
    ready: () => img.complete,
    onReady: (fn) => img.addEventListener("load", fn),
    shape: (r) => r.value,
    tool: () => activeTool(name),
    commit: commitGeometry,
    create: null,
  });

  const setupOne = (figure, stage, item, makeMedia) => {
    const name = figure.dataset.lcObject;
    const canvas = stage.querySelector(".lc-canvas");
    const img = canvas.querySelector("img");
    const media = makeMedia ? makeMedia(stage) : imageMedia(name, img);
    const shape = media.shape;
    // Two layers: every region below; above, what a gesture changes (the edited region, handles, a
    // polygon being drawn), so a drag step rebuilds a few elements, not the 2,000 below.
    const [svg, top] = canvas.querySelectorAll("svg");
    const toggles = stage.previousElementSibling.querySelectorAll("[data-toggle]");
    const s = { name, item, multi: figure.dataset.valueList === "true" };
    const size = media.size;
    const unit = () => size()[0] / (canvas.getBoundingClientRect().width || 1); // image px per screen px
    const at = (e) => {
      const b = canvas.getBoundingClientRect();
      return [G.clampPct(((e.clientX - b.left) / b.width) * 100), G.clampPct(((e.clientY - b.top) / b.height) * 100)];
    };
    const toPx = (p) => { const [W, H] = size(); return [(p[0] * W) / 100, (p[1] * H) / 100]; };

    let gesture = null;
    let poly = null;

    // The regions on this image, each once (its region result, not the answers repeating it).
    const regionsHere = () => {
      const byId = new Map();
      for (const r of LC.results) {
        if (!r || r.to_name !== name || !r.value || (r.item_index || 0) !== item || !G.kind(shape(r))) continue;
        const key = r.id || r;
        const have = byId.get(key);
        const c = LC.controls[r.from_name];
        if (!have || (c && c.makesRegions && !(LC.controls[have.from_name] || {}).makesRegions)) byId.set(key, r);
      }
      return [...byId.values()];
    };

    s.draw = () => {
      if (!media.ready()) return; // drawn once the image has its size (its load event draws)
      const [W, H] = size();
      const k = unit();
      svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
      top.setAttribute("viewBox", `0 0 ${W} ${H}`);
      const here = regionsHere();
      reconcile(here.filter((r) => !LC.hidden.has(r.id)), W, H, k);
      const selected = here.find((r) => r.id && r.id === LC.selected);
      const handles = selected && !LC.hidden.has(selected.id) && !LC.locked.has(selected.id)
        ? LC.regionHandles(shape(selected), W, H, k, rotatable(selected)) : null;
      top.replaceChildren(...[handles, poly ? LC.pendingShape(poly.points, W, H, k) : null].filter(Boolean));
      for (const b of toggles) {
        b.disabled = !selected;
        const set = b.dataset.toggle === "hide" ? LC.hidden : LC.locked;
        b.setAttribute("aria-pressed", String(Boolean(selected) && set.has(selected.id)));
      }
    };

    // Keyed redraw: a region whose value, selection, lock and scale are unchanged keeps its element, so
    // an edit on a 2,000-box image touches the few elements it changed (selecting a box: 53-66 ms with
    // the layout that follows, against 205-450 ms rebuilding all, measured on a loaded 2-core machine).
    let drawn = new Map();
    const reconcile = (regions, W, H, k) => {
      for (const g of svg.querySelectorAll(".lc-lifted")) g.classList.remove("lc-lifted"); // a drag that changed nothing
      const next = new Map();
      const wanted = regions.map((r) => {
        const key = r.id || r;
        const state = [shape(r), r.id === LC.selected, LC.locked.has(r.id), k, W, H];
        const old = drawn.get(key);
        const g = old && old.state.every((v, i) => v === state[i]) ? old.g : LC.regionShape(r, state[0], W, H, k);
        if (g) next.set(key, { state, g });
        return g;
      }).filter(Boolean);
      const keep = new Set(wanted);
      for (const child of [...svg.children]) if (!keep.has(child)) child.remove();
      let at = svg.firstElementChild;
      for (const g of wanted) {
        if (g === at) at = at.nextElementSibling;
        else svg.insertBefore(g, at);
      }
      drawn = next;
    };

    // During a drag the edited region moves to the top layer; the state changes on release.
    const preview = (region, value) => {
      const [W, H] = size();
      const k = unit();
      const below = svg.querySelector(`[data-region="${CSS.escape(region.id)}"]`);
      if (below && !below.classList.contains("lc-lifted")) below.classList.add("lc-lifted");
      const g = LC.regionShape(region, value, W, H, k);
      top.replaceChildren(...[g, LC.regionHandles(value, W, H, k, rotatable(region))].filter(Boolean));
    };

    const create = (tool, value) => {
      if (media.create) { media.create(tool, value); return; }
      const c = tool.c;
      if (LC.overused(c, tool.labels)) return;
      if (c.labelsKey) value[c.labelsKey] = tool.labels.filter(Boolean);
      const [W, H] = c.imageSized ? [img.naturalWidth, img.naturalHeight] : [];
      const extra = c.imageSized ? { original_width: W, original_height: H, image_rotation: 0 } : {};
      if (s.multi) extra.item_index = item; // which image of the valueList, as the editor writes it
      const r = LC.result(c, value, extra);
      LC.selected = r.id;
      LC.addResult(r);
    };

    // A key point records its drawn size: the control's strokeWidth (screen px at zoom 1) in % of the
    // image's width, as the editor converts it.
    const keypoint = (tool, p) => {
      const value = { x: G.pct(p[0]), y: G.pct(p[1]) };
      if (tool.c.strokeWidth) value.width = G.pct((tool.c.strokeWidth / s.view.baseWidth()) * 100);
      create(tool, value);
    };

    const finishPolygon = () => {
      const done = poly;
      poly = null;
      if (done && done.points.length >= 3) create(done.tool, { points: done.points.map((p) => p.map(G.pct)), closed: true });
      else LC.changed();
    };

    const polygonClick = (e, tool) => {
      const p = at(e);
      if (!poly) poly = { tool, points: [] };
      const first = poly.points[0];
      if (first && poly.points.length >= 3) {
        const [fx, fy] = toPx(first), [px, py] = toPx(p);
        if (Math.hypot(fx - px, fy - py) / unit() < 8) { finishPolygon(); return; }
      }
      poly.points.push(p);
      s.draw();
    };

    const regionAt = (target) => {
      const g = target.closest && target.closest("[data-region]");
      return g ? regionById(g.dataset.region) : null;
    };

    canvas.addEventListener("pointerdown", (e) => {
      if (e.button === 1 || (e.button === 0 && s.space)) {
        e.preventDefault();
        gesture = { kind: "pan", last: [e.clientX, e.clientY] };
        canvas.setPointerCapture(e.pointerId);
        return;
      }
      if (e.button !== 0) return;
      e.preventDefault();
      stage.focus({ preventScroll: true });
      const tool = media.tool();
      const selected = LC.selected ? regionById(LC.selected) : null;
      const handle = e.target.closest && e.target.closest("[data-handle]");
      if (handle && selected && !LC.locked.has(selected.id)) {
        const [what, index] = handle.dataset.handle.split(":");
        if (what === "vertex" && e.altKey) {
          const v = G.removeVertex(selected.value, Number(index));
          if (v) media.commit(selected, v); else LC.say("A polygon keeps at least three points.");
          return;
        }
        gesture = { kind: "handle", what, index: Number(index), region: selected, value: shape(selected) };
        if (what === "insert") {
          gesture = { ...gesture, what: "vertex", index: gesture.index + 1, value: G.insertVertex(selected.value, gesture.index, at(e)) };
          preview(selected, gesture.value);
        }
        canvas.setPointerCapture(e.pointerId);
        return;
      }
      const hit = regionAt(e.target);
      if (tool && tool.c.widget === "polygon" && (poly || !hit || hit !== selected)) {
        polygonClick(e, tool);
        return;
      }
      gesture = { kind: "press", tool, region: hit, from: at(e), client: [e.clientX, e.clientY] };
      canvas.setPointerCapture(e.pointerId);
    });

    canvas.addEventListener("pointermove", (e) => {
      if (!gesture) return;
      if (gesture.kind === "pan") {
        s.view.panBy(gesture.last[0] - e.clientX, gesture.last[1] - e.clientY);
        gesture.last = [e.clientX, e.clientY];
        return;
      }
      if (gesture.kind === "press") {
        if (Math.hypot(e.clientX - gesture.client[0], e.clientY - gesture.client[1]) < SLOP) return;
        gesture = startDrag(gesture);
        if (!gesture) return;
      }
      const p = at(e);
      const [W, H] = size();
      const k = unit();
      if (gesture.kind === "move") {
        gesture.value = G.move(shape(gesture.region), p[0] - gesture.from[0], p[1] - gesture.from[1], W, H);
        preview(gesture.region, gesture.value);
      } else if (gesture.kind === "handle") {
        const v = reshape(gesture, toPx(p), W, H, k, e.shiftKey);
        if (v) { gesture.value = v; preview(gesture.region, v); }
      } else if (gesture.kind === "draw") {
        gesture.to = p;
        const ghost = LC.regionShape({ id: "" }, G.fromDrag(gesture.shape, gesture.from, p), W, H, k);
        if (gesture.ghost) gesture.ghost.replaceWith(ghost); else top.append(ghost);
        gesture.ghost = ghost;
      }
    });

    // A press that moved: move the region under it, draw a new one, or pan.
    const startDrag = (g) => {
      const locked = g.region && LC.locked.has(g.region.id);
      if (g.region && !locked && (g.region.id === LC.selected || !g.tool)) {
        if (g.region.id !== LC.selected) LC.select(g.region.id);
        return { kind: "move", region: g.region, from: g.from, value: shape(g.region) };
      }
      const drawn = g.tool && DRAGGED[g.tool.c.widget];
      if (drawn) return { kind: "draw", tool: g.tool, shape: drawn, from: g.from, to: g.from };
      if (!g.tool) return { kind: "pan", last: g.client };
      return null;
    };

    const reshape = (g, p, W, H, k, snap) => {
      const v = shape(g.region);
      const kind = G.kind(v);
      if (g.what === "vertex") return G.setVertex(g.value, g.index, [(p[0] / W) * 100, (p[1] / H) * 100]);
      const clamped = [Math.max(0, Math.min(W, p[0])), Math.max(0, Math.min(H, p[1]))];
      if (g.what === "rotate" && !rotatable(g.region)) return null;
      if (kind === "rect") return g.what === "rotate" ? G.rotateBox(v, p, W, H, snap) : G.resizeBox(v, g.what, clamped, W, H, k);
      if (kind === "ellipse") return g.what === "rotate" ? G.rotateEllipse(v, p, W, H, snap) : G.resizeEllipse(v, g.what, p, W, H, k);
      return null;
    };

    const release = (e) => {
      const g = gesture;
      gesture = null;
      if (!g) return;
      if (g.kind === "press") click(g, e);
      else if (g.kind === "move" || g.kind === "handle") {
        if (g.value !== shape(g.region)) media.commit(g.region, g.value); else s.draw();
      }
      else if (g.kind === "draw") {
        if (g.ghost) g.ghost.remove();
        const [W, H] = size();
        const v = G.fromDrag(g.shape, g.from, g.to);
        const [w, h] = g.shape === "ellipse" ? [2 * v.radiusX, 2 * v.radiusY] : [v.width, v.height];
        if ((w * W) / 100 / unit() >= SLOP && (h * H) / 100 / unit() >= SLOP) create(g.tool, v); // else a slip
      }
    };
    canvas.addEventListener("pointerup", release);
    canvas.addEventListener("pointercancel", () => { gesture = null; s.draw(); });

    // A press that did not move: place a key point, or select what is under it (nothing: unselect).
    const click = (g) => {
      const onPoint = g.region && G.kind(shape(g.region)) === "point";
      if (g.tool && g.tool.c.widget === "keypoint" && !onPoint) keypoint(g.tool, g.from);
      else if (g.region) { if (g.region.id !== LC.selected) LC.select(g.region.id); }
      else if (!g.tool && LC.selected) LC.select(null);
    };

    stage.addEventListener("keydown", (e) => {
      if (s.view.key(e)) { e.preventDefault(); e.stopPropagation(); return; }
      if (e.key === " ") { s.space = true; e.preventDefault(); return; }
      const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const dir = arrows[e.key];
      if (!dir || e.ctrlKey || e.altKey || e.metaKey) return;
      e.preventDefault();
      e.stopPropagation();
      const region = LC.selected ? regionById(LC.selected) : null;
      const step = e.shiftKey ? 10 : 1;
      if (region && region.to_name === name && (region.item_index || 0) === item && !LC.locked.has(region.id)) {
        const [W, H] = size();
        const k = unit();
        media.commit(region, G.move(shape(region), (dir[0] * step * k * 100) / W, (dir[1] * step * k * 100) / H, W, H));
      } else s.view.panBy(dir[0] * step * 4, dir[1] * step * 4);
    });
    stage.addEventListener("keyup", (e) => { if (e.key === " ") s.space = false; });
    document.addEventListener("keydown", (e) => {
      if (!poly) return;
      if (e.key === "Enter") { e.preventDefault(); finishPolygon(); }
      if (e.key === "Escape") { poly = null; s.draw(); }
    });

    for (const b of toggles) {
      b.addEventListener("click", () => {
        const set = b.dataset.toggle === "hide" ? LC.hidden : LC.locked;
        if (!LC.selected) return;
        if (set.has(LC.selected)) set.delete(LC.selected); else set.add(LC.selected);
        LC.changed();
      });
    }
    s.view = LC.imageView(stage, () => s.draw());
    media.onReady(() => s.draw());
    window.addEventListener("resize", () => { if (s.view.zoom === 1) s.draw(); }); // captions follow the scale
    return s;
  };

  LC.setupStage = (figure, makeMedia) => {
    const all = [...figure.querySelectorAll(".lc-stage")];
    const mine = all.map((stage, i) => setupOne(figure, stage, i, makeMedia));
    return () => { for (const s of mine) s.draw(); };
  };

  // A pressed label of the selected region's own control relabels it, as in the editor.
  document.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest(".lc-label");
    const control = b && b.closest("[data-lc-control]");
    const region = control && LC.selected ? regionById(LC.selected) : null;
    if (!region || region.from_name !== control.dataset.lcControl || !G.kind(region.value)) return;
    const c = LC.controls[region.from_name];
    if (c && TOOLS.includes(c.widget)) LC.relabel(region, b);
  });

  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest && e.target.closest("input, textarea, select");
    if (e.key === "Escape" && !typing && LC.selected && regionById(LC.selected)) LC.select(null);
  });

  // A result the task marks readonly starts locked; hide and lock are this page's view of the
  // annotation (the stage's toolbar toggles them for the selected region), not part of it.
  for (const r of LC.results) if (r && r.readonly === true && r.id) LC.locked.add(r.id);
}
// The palettes are the controls; their regions are drawn on the Image by its stage (LC.setupStage).
for (const w of ["rectangle", "polygon", "keypoint", "ellipse"]) LC.widgets[w] = () => () => {};
