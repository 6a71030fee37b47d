// A video's timeline, below the picture: each TimelineLabels range and each box's frames, and a cursor
// at the shown frame. A click goes to a frame; a drag with a timeline label pressed marks the frames it
// covers as a `timelinelabels` range (a click marks one frame, as in the editor); a range's edge drags
// to adjust it. Keys on the focused timeline: ←/→ go a frame, Shift extends a selection, Enter marks it
// with the pressed label.
LC.setupTimeline = (figure, v) => {
  const strip = document.createElement("div");
  strip.className = "lc-wave lc-timeline";
  strip.tabIndex = 0;
  strip.setAttribute("role", "application");
  strip.setAttribute("aria-label", `Timeline of video ${v.name}: click to go to a frame; drag with a timeline label pressed to mark frames, or Shift+arrows then Enter`);
  const layer = document.createElement("div");
  layer.className = "lc-wave-regions";
  const cursor = document.createElement("div");
  cursor.className = "lc-wave-cursor";
  const preview = document.createElement("div");
  preview.className = "lc-wave-region lc-wave-preview";
  strip.append(layer, cursor);
  figure.append(strip);

  const frameAt = (clientX) => {
    const box = strip.getBoundingClientRect();
    const count = v.at()[1];
    return Math.min(count, Math.max(1, Math.floor(((clientX - box.left) / box.width) * count) + 1));
  };
  // Frames a..b (inclusive) as a stretch of the strip.
  const place = (el, a, b) => {
    const count = v.at()[1];
    el.style.left = `${((a - 1) / count) * 100}%`;
    el.style.width = `${((b - a + 1) / count) * 100}%`;
  };
  const pressed = () => v.timed.map((c) => [c, document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"]`)])
    .map(([c, el]) => [c, el ? LC.activeLabels(el) : []]).find(([, labels]) => labels.length);

  const mark = ([c, labels], a, b) => {
    if (LC.overused(c, labels)) return;
    const value = { ranges: [{ start: Math.min(a, b), end: Math.max(a, b) }] };
    if (c.labelsKey) value[c.labelsKey] = labels;
    const r = LC.result(c, value);
    LC.addResult(r);
    LC.select(r.id);
  };

  let drag = null;
  strip.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || v.at()[1] === null || e.target.closest("[data-region]")) return;
    e.preventDefault();
    strip.focus({ preventScroll: true });
    drag = { from: frameAt(e.clientX), tool: pressed() };
    strip.setPointerCapture(e.pointerId);
    if (!drag.tool) v.seek(drag.from);
  });
  strip.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const to = frameAt(e.clientX);
    if (drag.edge) {
      drag.span = drag.edge === "start" ? [to, drag.range.end] : [drag.range.start, to];
      place(drag.el, Math.min(...drag.span), Math.max(...drag.span));
      return;
    }
    if (!drag.tool) { v.seek(to); return; }
    place(preview, Math.min(drag.from, to), Math.max(drag.from, to));
    layer.append(preview);
  });
  strip.addEventListener("pointerup", (e) => {
    const d = drag;
    drag = null;
    preview.remove();
    if (d && d.edge) {
      const [start, end] = [Math.min(...d.span), Math.max(...d.span)];
      if (start !== d.range.start || end !== d.range.end) LC.commitGeometry(d.r, { ranges: [{ ...d.range, start, end }] });
      else LC.changed();
      adjusted = true;
      setTimeout(() => { adjusted = false; });
    } else if (d && d.tool) mark(d.tool, d.from, frameAt(e.clientX));
  });

  // A range that can be drawn (a pre-label may hold anything; what cannot be drawn is kept as it is).
  const framed = (q) => q !== null && typeof q === "object" && Number.isInteger(q.start) && Number.isInteger(q.end);

  // A press within a few pixels of a range's edge drags that edge (not on a locked range).
  let adjusted = false; // the click that ends an edge drag does not select
  const grab = (e, r, el) => {
    const edge = LC.edgeAt(e, el);
    if (!edge || e.button !== 0 || LC.locked.has(r.id) || r.value.ranges.length !== 1 || !framed(r.value.ranges[0])) return;
    const range = r.value.ranges[0];
    drag = { edge, r, el, range, span: [range.start, range.end] };
    strip.setPointerCapture(e.pointerId);
    e.preventDefault();
    e.stopPropagation();
  };

  let anchor = null;
  strip.addEventListener("keydown", (e) => {
    const [frame] = v.at();
    if ((e.key === "ArrowLeft" || e.key === "ArrowRight") && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (e.shiftKey && anchor === null) anchor = frame;
      if (!e.shiftKey) anchor = null;
      v.seek(frame + (e.key === "ArrowRight" ? 1 : -1));
    } else if (e.key === "Enter" && anchor !== null) {
      const tool = pressed();
      if (!tool) { LC.say(`Pick a timeline label first, then press Enter to mark the frames on ${v.name}.`); return; }
      mark(tool, anchor, frame);
      anchor = null;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  });

  // Each result has a row of its own, so ranges that overlap stay apart (as in the editor's timeline).
  const ROW = 18;
  const region = (r, a, b, text, track, row) => {
    const el = document.createElement(track ? "div" : "button");
    if (!track) el.type = "button";
    el.className = track ? "lc-wave-region lc-track" : "lc-wave-region";
    el.dataset.region = r.id;
    el.classList.toggle("lc-selected", r.id === LC.selected);
    const color = LC.colorOf(r);
    if (color) el.style.setProperty("--lc-color", color);
    if (!track) {
      el.setAttribute("aria-label", `${text} frames ${a}–${b}`);
      el.addEventListener("pointerdown", (e) => grab(e, r, el));
      el.addEventListener("click", (e) => { if (adjusted) e.stopPropagation(); });
    }
    place(el, a, b);
    el.style.top = `${row * ROW + 2}px`;
    el.style.bottom = "auto";
    el.style.height = `${track ? 8 : ROW - 4}px`;
    return el;
  };
  // A box's frames: from each keyframe that starts it being shown to the one that ends it (or the end).
  const spans = (seq, count) => {
    const out = [];
    let from = null;
    for (const k of seq) {
      if (from === null) from = k.frame;
      if (k.enabled === false) { out.push([from, k.frame]); from = null; }
    }
    if (from !== null) out.push([from, count]);
    return out;
  };
  return () => {
    const [frame, count] = v.at();
    cursor.style.left = `${((frame - 0.5) / count) * 100}%`;
    const els = [];
    let row = 0;
    for (const r of LC.results) {
      if (!r || r.to_name !== v.name || !r.value) continue;
      const labels = (LC.labelsOf(r) || []).join(", ");
      if (Array.isArray(r.value.ranges) && v.timed.some((c) => c.name === r.from_name)) {
        for (const range of r.value.ranges.filter(framed)) els.push(region(r, range.start, range.end, labels || "range", false, row));
      } else if (v.boxes && r.from_name === v.boxes.name && Array.isArray(r.value.sequence)) {
        for (const [a, b] of spans(LC.videoKeys(r), count)) els.push(region(r, a, b, labels, true, row));
      } else continue;
      row++;
    }
    strip.style.height = `${Math.max(48, (row + 1) * ROW)}px`; // a free row below, to drag a new range on
    layer.replaceChildren(...els);
    if (drag && drag.tool) layer.append(preview);
  };
};
