// Brush masks on an Image (BrushLabels, Brush), recorded as Label Studio's editor records them: the
// region's RGBA mask at the image's natural size, every pixel (a, a, a, a) with `a` its alpha, packed
// in its RLE stream (`value.format: "rle"`, `value.rle`; see brush_rle.js). With a brush label pressed, a
// drag paints a disc of the brush size swept along the pointer; the first stroke makes a region and
// selects it, later strokes with the same labels add to the selected region (a new region starts after
// Escape), and the eraser takes pixels off the selected region. The brush size is in the image's own
// pixels, so zooming in paints finer detail, as in the editor. This module rides on the image tools
// (zoom, pan, selection, hide and lock): it catches the pointer only while a brush label is pressed.
{
  const DEFAULT_COLOR = "#36B37E"; // a Label's default background
  const SHOWN = 0.5; // opacity of a mask over the image; the selected one is more opaque
  const SELECTED = 0.75;
  const SLOP = 3;

  const { encode, decode, union } = LC.brushRLE;

  // Paint (255) or erase (0) every pixel whose centre lies within r of the segment a-b (a disc when
  // a = b); returns the box it touched.
  const sweep = (mask, W, H, a, b, r, value) => {
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - r)), x1 = Math.min(W - 1, Math.ceil(Math.max(a[0], b[0]) + r));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - r)), y1 = Math.min(H - 1, Math.ceil(Math.max(a[1], b[1]) + r));
    const dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy, r2 = r * r;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5 - a[0], py = y + 0.5 - a[1];
        const t = len2 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
        const ex = px - t * dx, ey = py - t * dy;
        if (ex * ex + ey * ey <= r2) mask[y * W + x] = value;
      }
    }
    return [x0, y0, x1, y1];
  };


  const rgbCache = new Map();
  const rgbOf = (color) => {
    if (!rgbCache.has(color)) {
      const g = document.createElement("canvas").getContext("2d");
      g.fillStyle = color;
      g.fillRect(0, 0, 1, 1);
      rgbCache.set(color, [...g.getImageData(0, 0, 1, 1).data.slice(0, 3)]);
    }
    return rgbCache.get(color);
  };

  const isBrush = (c) => c && c.widget === "brush";
  const regionOf = (id) => LC.results.find((r) => r && r.id === id && isBrush(LC.controls[r.from_name]) && r.value);
  const sameLabels = (a, b) => (a || []).join("\n") === (b || []).join("\n");

  // The brush control whose label is pressed, for this image.
  const activeBrush = (name) => {
    for (const el of document.querySelectorAll("[data-lc-control][data-widget=brush]")) {
      const c = LC.control(el);
      if (c && c.toName === name && LC.activeLabels(el).length) return { c, labels: LC.activeLabels(el).filter(Boolean) };
    }
    return null;
  };

  const setupOne = (figure, stage, item, first) => {
    const name = figure.dataset.lcObject;
    const multi = figure.dataset.valueList === "true";
    const canvas = stage.querySelector(".lc-canvas");
    const img = canvas.querySelector("img");
    const layer = document.createElement("canvas");
    layer.className = "lc-brush-layer";
    layer.setAttribute("aria-hidden", "true");
    img.after(layer); // above the image, below the shapes and handles
    const tools = stage.previousElementSibling;
    const size = () => [img.naturalWidth, img.naturalHeight];
    const masks = new Map(); // region id -> { rle, alpha, box }
    let shown = null; // the layer's pixels
    let stroke = null;

    // A region's mask, decoded once per value, with the box of its painted pixels.
    const maskOf = (r) => {
      const [W, H] = size();
      const have = masks.get(r.id);
      if (have && have.rle === r.value.rle) return have;
      const decoded = Array.isArray(r.value.rle) ? decode(r.value.rle, W, H) : null;
      const found = { rle: r.value.rle, alpha: decoded && decoded.alpha, box: decoded && decoded.box };
      masks.set(r.id, found);
      return found;
    };

    const here = () => LC.results.filter((r) => r && r.to_name === name && (r.item_index || 0) === item
      && isBrush(LC.controls[r.from_name]) && r.value && !LC.hidden.has(r.id));

    // Each mask in its region's colour, later regions over earlier ones; a mask is visited only inside
    // the box of its painted pixels (10 masks on a 12-megapixel photo: one pass over each mask's box,
    // not 10 passes over the photo).
    const layersNow = () => here().map((r) => {
      const own = stroke && stroke.region && stroke.region.id === r.id ? stroke : maskOf(r);
      return { ...own, rgb: rgbOf(LC.colorOf(r) || DEFAULT_COLOR), opacity: r.id === LC.selected ? SELECTED : SHOWN };
    }).concat(stroke && !stroke.region ? [{ ...stroke, opacity: SELECTED }] : []);

    const redraw = (box) => {
      const [W, H] = size();
      if (!W || !H) return;
      if (layer.width !== W || layer.height !== H || !shown) {
        layer.width = W; layer.height = H;
        shown = new ImageData(W, H);
        box = null;
      }
      const [x0, y0, x1, y1] = box || [0, 0, W - 1, H - 1];
      const d = shown.data;
      for (let y = y0; y <= y1; y++) d.fill(0, (y * W + x0) * 4, (y * W + x1 + 1) * 4);
      for (const { alpha, box: on, rgb, opacity } of layersNow()) {
        if (!alpha || !on) continue;
        const [u0, v0, u1, v1] = [Math.max(x0, on[0]), Math.max(y0, on[1]), Math.min(x1, on[2]), Math.min(y1, on[3])];
        for (let y = v0; y <= v1; y++) {
          for (let i = y * W + u0, end = y * W + u1; i <= end; i++) {
            if (!alpha[i]) continue;
            d[i * 4] = rgb[0]; d[i * 4 + 1] = rgb[1]; d[i * 4 + 2] = rgb[2];
            d[i * 4 + 3] = Math.round(alpha[i] * opacity);
          }
        }
      }
      layer.getContext("2d").putImageData(shown, 0, 0, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    };

    // What the layer shows; an edit elsewhere on the page (a choice, a box) leaves it as it is, so a
    // 12-megapixel layer is not composed again for it.
    let drawnKey = [];
    const draw = () => {
      if (!img.complete || !img.naturalWidth) return;
      const key = here().flatMap((r) => [r.id, r.value.rle, r.id === LC.selected, LC.colorOf(r)]);
      if (key.length !== drawnKey.length || key.some((v, i) => v !== drawnKey[i]) || layer.width !== img.naturalWidth) {
        drawnKey = key;
        redraw(null);
      }
      const selected = LC.selected ? regionOf(LC.selected) : null;
      if (!selected || selected.to_name !== name || (selected.item_index || 0) !== item) return;
      for (const b of tools.querySelectorAll("[data-toggle]")) { // the image tools only know shapes
        b.disabled = false;
        b.setAttribute("aria-pressed", String((b.dataset.toggle === "hide" ? LC.hidden : LC.locked).has(selected.id)));
      }
    };

    const at = (e) => {
      const b = canvas.getBoundingClientRect();
      const [W, H] = size();
      return [((e.clientX - b.left) / b.width) * W, ((e.clientY - b.top) / b.height) * H];
    };

    const begin = (e, tool) => {
      const [W, H] = size();
      const selected = LC.selected ? regionOf(LC.selected) : null;
      const mine = selected && selected.to_name === name && (selected.item_index || 0) === item ? selected : null;
      const erase = first.erasing();
      let region = null;
      if (erase) {
        if (!mine) { LC.say("Select a brush region to erase from."); return null; }
        region = mine;
      } else if (mine && mine.from_name === tool.c.name && sameLabels(LC.labelsOf(mine), tool.labels)) region = mine;
      if (region && LC.locked.has(region.id)) { LC.say("This region is locked: unlock it to paint on it."); return null; }
      if (!region && LC.overused(tool.c, tool.labels)) return null;
      const from = region ? maskOf(region) : null;
      const alpha = from && from.alpha ? new Uint8Array(from.alpha) : new Uint8Array(W * H);
      const box = from && from.alpha ? from.box : null; // what may be painted: grows with each step
      const color = tool.labels.length ? LC.colorOf({ from_name: tool.c.name, value: { [tool.c.labelsKey]: tool.labels } }) : null;
      return { tool, region, alpha, box, value: erase ? 0 : 255, r: first.size() / 2, last: at(e), client: [e.clientX, e.clientY], rgb: rgbOf(color || DEFAULT_COLOR) };
    };

    const extend = (p) => {
      const [W, H] = size();
      const touched = sweep(stroke.alpha, W, H, stroke.last, p, stroke.r, stroke.value);
      if (touched[0] <= touched[2] && touched[1] <= touched[3]) { // else the step was off the image
        if (stroke.value) stroke.box = union(stroke.box, touched);
        redraw(touched);
      }
      stroke.last = p;
    };

    const finish = () => {
      const s = stroke;
      stroke = null;
      const [W, H] = size();
      const rle = encode(s.alpha);
      const painted = { rle, alpha: s.alpha, box: s.box }; // known already: no decoding it back
      if (s.region) { masks.set(s.region.id, painted); LC.commitGeometry(s.region, { format: "rle", rle }); return; }
      const c = s.tool.c;
      const value = { format: "rle", rle };
      if (c.labelsKey) value[c.labelsKey] = s.tool.labels;
      const extra = { original_width: W, original_height: H, image_rotation: 0 };
      if (multi) extra.item_index = item;
      const r = LC.result(c, value, extra);
      masks.set(r.id, painted);
      LC.selected = r.id;
      LC.addResult(r);
    };

    // Capture phase on the stage: a brush stroke never reaches the image tools' own gestures.
    stage.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.altKey) return;
      const tool = activeBrush(name);
      if (!tool || !img.naturalWidth || !canvas.contains(e.target)) return;
      e.preventDefault();
      e.stopPropagation();
      stage.focus({ preventScroll: true });
      stroke = begin(e, tool);
      if (!stroke) return;
      stage.setPointerCapture(e.pointerId);
      extend(stroke.last);
    }, true);
    stage.addEventListener("pointermove", (e) => {
      if (!stroke) return;
      e.stopPropagation();
      extend(at(e));
    }, true);
    stage.addEventListener("pointerup", (e) => {
      if (!stroke) return;
      e.stopPropagation();
      extend(at(e));
      finish();
    }, true);
    stage.addEventListener("pointercancel", () => { if (stroke) { stroke = null; drawnKey = []; draw(); } }, true);

    // With no label pressed for this image, a click on painted pixels selects their region (the top one).
    const toolPressed = () => [...document.querySelectorAll("[data-lc-control][data-to-name]")]
      .some((el) => el.dataset.toName === name && LC.activeLabels(el).length);
    let press = null;
    stage.addEventListener("pointerdown", (e) => { press = toolPressed() ? null : [e.clientX, e.clientY]; }, true);
    stage.addEventListener("click", (e) => {
      if (!press || Math.hypot(e.clientX - press[0], e.clientY - press[1]) >= SLOP || !canvas.contains(e.target)) return;
      const [W, H] = size();
      const [x, y] = at(e).map(Math.floor);
      if (x < 0 || y < 0 || x >= W || y >= H) return;
      const hit = here().reverse().find((r) => { const a = maskOf(r).alpha; return a && a[y * W + x]; });
      if (hit && hit.id !== LC.selected) LC.select(hit.id);
    });

    // The brush's footprint follows the pointer while a brush label is pressed.
    const ring = document.createElement("div");
    ring.className = "lc-brush-cursor";
    ring.hidden = true;
    canvas.append(ring);
    stage.addEventListener("pointermove", (e) => {
      const b = canvas.getBoundingClientRect();
      ring.hidden = !activeBrush(name) || !img.naturalWidth;
      if (ring.hidden) return;
      const d = (first.size() * b.width) / img.naturalWidth;
      Object.assign(ring.style, { width: `${d}px`, height: `${d}px`, left: `${e.clientX - b.left - d / 2}px`, top: `${e.clientY - b.top - d / 2}px` });
    }, true);
    stage.addEventListener("pointerleave", () => { ring.hidden = true; });

    img.addEventListener("load", draw);
    return draw;
  };

  // The brush size and the eraser, once per image in its toolbar; `[` and `]` change the size.
  const brushTools = (figure, start) => {
    let size = start;
    let erasing = false;
    const sliders = [];
    const erasers = [];
    const set = (v) => {
      size = Math.max(1, Math.min(200, Math.round(v)));
      for (const s of sliders) { s.value = String(size); s.nextElementSibling.textContent = `${size} px`; }
    };
    for (const tools of figure.querySelectorAll(".lc-image-tools")) {
      const group = document.createElement("span");
      group.className = "lc-brush-tools";
      const label = document.createElement("label");
      label.textContent = "Brush ";
      const slider = document.createElement("input");
      Object.assign(slider, { type: "range", min: "1", max: "200", step: "1", value: String(size) });
      slider.setAttribute("aria-label", "Brush size in image pixels");
      slider.addEventListener("input", () => set(Number(slider.value)));
      const out = document.createElement("output");
      label.append(slider, out);
      const eraser = document.createElement("button");
      eraser.type = "button";
      eraser.textContent = "Eraser";
      eraser.setAttribute("aria-pressed", "false");
      eraser.addEventListener("click", () => {
        erasing = !erasing;
        for (const b of erasers) b.setAttribute("aria-pressed", String(erasing));
      });
      group.append(label, eraser);
      tools.append(group);
      sliders.push(slider);
      erasers.push(eraser);
    }
    set(size);
    document.addEventListener("keydown", (e) => {
      // A focused waveform takes [ and ] for its segment edges.
      const typing = e.target.closest && e.target.closest("input:not([type=range]), textarea, select, .lc-wave");
      if (typing || e.ctrlKey || e.metaKey || e.altKey || (e.key !== "[" && e.key !== "]")) return;
      e.preventDefault();
      const step = size > 10 ? 5 : 1;
      set(e.key === "]" ? size + step : size - step);
    });
    return { size: () => size, erasing: () => erasing };
  };

  LC.setupBrush = (figure) => {
    const name = figure.dataset.lcObject;
    const brushes = Object.values(LC.controls).filter((c) => isBrush(c) && c.toName === name);
    const stages = [...figure.querySelectorAll(".lc-stage")];
    if (!brushes.length || !stages.length) return () => {};
    const tools = brushTools(figure, brushes[0].strokeWidth || 15);
    const draws = stages.map((stage, i) => setupOne(figure, stage, i, tools));
    return () => { for (const d of draws) d(); };
  };
}
LC.keyHelp.push(["[ / ]", "With a brush, away from a waveform: smaller / larger"]);
LC.widgets.brush = () => () => {}; // the palette is the control; masks are painted on the Image (LC.setupBrush)
