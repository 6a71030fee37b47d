// Video: stepped frame by frame, with VideoRectangle boxes drawn by the image tools (image.js) as each
// is at the shown frame, and a timeline below for TimelineLabels ranges. Results are the editor's:
// a box is one `videorectangle` result whose `sequence` holds its keyframes {frame, enabled, rotation,
// x, y, width, height, time = frame / frameRate}, with the Video's `framesCount` (the duration times the
// frame rate, rounded up) and `duration`, and the pressed Labels merged in as `labels`; a range is a
// `timelinelabels` result {ranges: [{start, end}], timelinelabels} in 1-based frames.
// Frame N is the Nth picture: it is shown by seeking to the middle of it, (N - 1/2) / frameRate, so a
// container's rounded timestamps never show its neighbour.
{
  const G = LC.geom;
  const PROPS = ["x", "y", "width", "height", "rotation"];
  const pick = (k) => Object.fromEntries(PROPS.map((p) => [p, k[p] || 0]));

  // The keyframe at or before `frame`, else (unless `before`) the first after it (the editor's rule).
  const closest = (seq, frame, before = false) => {
    const earlier = seq.filter((k) => k.frame <= frame);
    return earlier[earlier.length - 1] || (before ? undefined : seq.find((k) => k.frame >= frame));
  };
  // Where a box is at `frame`: a keyframe's own shape, linear between two keyframes, the last one's after
  // them; nothing before the first. A keyframe with `enabled: false` is the last frame it is shown on.
  const shapeAt = (seq, frame) => {
    let prev, next;
    for (const k of seq) {
      if (k.frame === frame) return pick(k);
      if (k.frame > frame) { next = k; break; }
      prev = k;
    }
    if (!prev) return null;
    if (!next) return pick(prev);
    const t = (frame - prev.frame) / (next.frame - prev.frame);
    return Object.fromEntries(PROPS.map((p) => [p, G.pct((prev[p] || 0) + ((next[p] || 0) - (prev[p] || 0)) * t)]));
  };
  // The keyframes of a box that can be read (a pre-label may hold anything): objects with a whole frame,
  // in frame order. Edits rewrite these and keep the rest of the sequence, as it was, after them.
  const isKey = (k) => k !== null && typeof k === "object" && Number.isInteger(k.frame);
  const keysOf = (r) => (r && r.value && Array.isArray(r.value.sequence)
    ? r.value.sequence.filter(isKey).sort((a, b) => a.frame - b.frame) : []);
  LC.videoKeys = keysOf;
  const shownAt = (seq, frame) => {
    const k = closest(seq, frame);
    return Boolean(k) && (k.enabled !== false || k.frame === frame);
  };
  LC.videoShapeAt = shapeAt;

  const rateOf = (figure) => {
    const rate = Number(figure.dataset.frameRate);
    if (!rate || Number.isNaN(rate)) return Number(figure.dataset.defaultFrameRate);
    return rate < 1 ? 1 / rate : rate; // the editor reads a rate below 1 as seconds per frame
  };

  LC.keyHelp.push([
    "Alt+←/→",
    "Step a video one frame (Shift+Alt: ten frames; Ctrl+Alt: the selected box's previous or next keyframe)",
  ]);
  LC.setupVideo = (figure) => {
    const name = figure.dataset.lcObject;
    const video = figure.querySelector("video");
    const stage = figure.querySelector(".lc-stage");
    const tools = figure.querySelector(".lc-video-tools");
    const mine = Object.values(LC.controls).filter((c) => c.toName === name && c.widget);
    const boxes = mine.find((c) => c.widget === "videorectangle");
    const timed = mine.filter((c) => c.widget === "timeline");
    if (!video || !stage) return () => {};
    if (!boxes && !timed.length) { // nothing to operate on it: the browser's own player
      video.controls = true;
      stage.replaceWith(video);
      tools.remove();
      return () => {};
    }
    tools.hidden = false;
    if (!boxes) { // only the timeline is operated: the picture is no drawing surface
      for (const attr of ["role", "tabindex", "aria-label"]) stage.removeAttribute(attr);
    }
    const rate = rateOf(figure);
    let frame = 1, count = null, duration = null;
    const waiting = [];
    const readout = tools.querySelector(".lc-frame");
    const [keyButton, spanButton] = [tools.querySelector("[data-keyframe]"), tools.querySelector("[data-lifespan]")];
    if (!boxes) for (const b of tools.querySelectorAll("[data-keyframe], [data-lifespan], [data-toggle]")) b.remove();

    const timeOf = (f) => f / rate; // unrounded, as the editor writes it
    const seek = (f) => {
      if (count === null) return;
      frame = Math.min(count, Math.max(1, Math.round(f)));
      video.pause();
      video.currentTime = Math.min(duration, (frame - 0.5) / rate);
    };
    const show = () => {
      figure.dataset.frame = String(frame);
      readout.textContent = `frame ${frame} of ${count} · ${(frame / rate).toFixed(2)} s`; // the time recorded for it
      LC.changed();
    };
    video.addEventListener("seeked", show);
    const failed = () => LC.say(`Video ${name} could not be loaded: its boxes and ranges are kept as they are.`);
    const loaded = () => {
      duration = video.duration;
      count = Math.max(1, Math.ceil(duration * rate));
      figure.dataset.framesCount = String(count);
      // The picture is at most the Video's `height` tall, as in the editor; the stage keeps its shape.
      const tall = Number(figure.dataset.height);
      if (tall > 0 && video.videoHeight) stage.style.maxWidth = `${(tall * video.videoWidth) / video.videoHeight}px`;
      seek(1);
      for (const fn of waiting) fn();
    };
    // A large page may finish parsing after the video has loaded (or failed): then it is read at once.
    if (video.error) failed(); else video.addEventListener("error", failed);
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) loaded(); else video.addEventListener("loadedmetadata", loaded);
    // Playing: the readout and the boxes follow the picture; a pause settles on the frame shown.
    const follow = () => {
      if (video.paused) return;
      frame = Math.min(count, Math.floor(video.currentTime * rate) + 1);
      show();
      requestAnimationFrame(follow);
    };
    const play = tools.querySelector("[data-play]");
    play.addEventListener("click", () => { if (video.paused) video.play().then(follow, () => {}); else seek(frame); });
    video.addEventListener("play", () => play.setAttribute("aria-label", "Pause"));
    video.addEventListener("pause", () => play.setAttribute("aria-label", "Play"));
    for (const b of tools.querySelectorAll("[data-step]")) b.addEventListener("click", () => seek(frame + Number(b.dataset.step)));

    // The editor's keys, wherever the focus is but a text field: Alt+←/→ steps a frame (Shift+Alt ten),
    // Ctrl+Alt+←/→ goes to the selected box's previous or next keyframe. With several videos, the one
    // holding the focus steps.
    document.addEventListener("keydown", (e) => {
      if (!e.altKey || e.metaKey || e.defaultPrevented || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
      if (e.target.closest && e.target.closest("input, textarea, select, [data-item-id]")) return;
      const focused = document.activeElement && document.activeElement.closest("figure[data-tag=Video]");
      if ((focused || document.querySelector("figure[data-tag=Video] .lc-video-tools:not([hidden])").closest("figure")) !== figure) return;
      e.preventDefault();
      const ahead = e.key === "ArrowRight";
      if (!e.ctrlKey) { seek(frame + (ahead ? 1 : -1) * (e.shiftKey ? 10 : 1)); return; }
      const r = boxes && LC.selected && LC.regionOf(LC.selected);
      const keys = r && r.from_name === boxes.name ? keysOf(r).map((k) => k.frame) : [];
      const to = ahead ? keys.find((f) => f > frame) : keys.filter((f) => f < frame).pop();
      if (to) seek(to);
    });

    // --- boxes: the image tools draw on the video, each box as it is at the shown frame
    const cache = new WeakMap(); // a result's value -> its shape at one frame (kept while both hold)
    const shape = (r) => {
      if (!r.value || !Array.isArray(r.value.sequence)) return null;
      const have = cache.get(r.value);
      if (have && have.frame === frame) return have.shape;
      const seq = keysOf(r);
      const s = shownAt(seq, frame) ? shapeAt(seq, frame) : null;
      cache.set(r.value, { frame, shape: s });
      return s;
    };
    const keyframe = (s, enabled) => ({ frame, enabled, rotation: s.rotation || 0, x: s.x, y: s.y, width: s.width, height: s.height, time: timeOf(frame) });
    // A box moved or resized at this frame: a keyframe here (the editor's updateShape).
    const withKey = (seq, s) => {
      const k = closest(seq, frame);
      const i = seq.findIndex((q) => q.frame >= frame);
      const key = keyframe(s, i < 0 ? true : k ? k.enabled !== false : true);
      if (i < 0) return [...seq, key];
      return [...seq.slice(0, i), key, ...seq.slice(i + (seq[i].frame === frame ? 1 : 0))];
    };
    const commit = (region, value) => LC.commitGeometry(region, { framesCount: count, duration, ...value });
    const rewrite = (r, edit) => commit(r, { sequence: [...edit(keysOf(r)), ...r.value.sequence.filter((k) => !isKey(k))] });
    const pressed = () => {
      for (const c of mine) {
        if (c.widget !== "videolabels" && c.widget !== "videorectangle") continue;
        const el = document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"]`);
        const labels = el ? LC.activeLabels(el) : [];
        if (labels.length) return { c: boxes, labels: labels.filter(Boolean), palette: c };
      }
      return null;
    };
    const media = () => ({
      size: () => [video.videoWidth || 100, video.videoHeight || 100],
      ready: () => count !== null,
      onReady: (fn) => waiting.push(fn),
      shape,
      tool: pressed,
      commit: (region, s) => rewrite(region, (seq) => withKey(seq, s)),
      create: (tool, s) => {
        if (LC.overused(tool.palette, tool.labels, boxes.name)) return;
        const value = { framesCount: count, duration, sequence: [keyframe(s, true)] };
        if (tool.labels.length) value.labels = tool.labels;
        const r = LC.result(boxes, value);
        LC.selected = r.id;
        LC.addResult(r);
      },
    });
    const redraws = boxes ? [LC.setupStage(figure, media)] : [];

    // The selected box's keyframe at this frame (added with the shape shown, or removed), and whether
    // it goes on after this frame (a keyframe here whose `enabled` flips).
    const selectedBox = () => {
      const r = LC.selected && LC.regionOf(LC.selected);
      return r && r.to_name === name && r.from_name === boxes.name && Array.isArray(r.value.sequence) && !LC.locked.has(r.id) ? r : null;
    };
    const added = (seq) => {
      if (seq.some((k) => k.frame === frame)) return seq;
      const near = closest(seq, frame);
      const key = keyframe(shapeAt(seq, frame) || pick(near), near ? near.enabled !== false : true);
      return [...seq, key].sort((a, b) => a.frame - b.frame);
    };
    keyButton.addEventListener("click", () => {
      const r = selectedBox();
      if (!r) return;
      const seq = keysOf(r);
      const here = seq.some((k) => k.frame === frame);
      if (here && seq.length === 1) { LC.say("A box keeps at least one keyframe: delete the box instead."); return; }
      rewrite(r, () => (here ? seq.filter((k) => k.frame !== frame) : added(seq)));
    });
    spanButton.addEventListener("click", () => {
      const r = selectedBox();
      if (!r) return;
      rewrite(r, (seq) => added(seq).map((k) => (k.frame === frame ? { ...k, enabled: k.enabled === false } : k)));
    });
    // A label of the Labels on this video, clicked while one of its boxes is selected, relabels the box.
    document.addEventListener("click", (e) => {
      const b = e.target.closest && e.target.closest(".lc-label");
      const control = b && b.closest("[data-lc-control]");
      const c = control && LC.controls[control.dataset.lcControl];
      const r = boxes && c && c.widget === "videolabels" && c.toName === name ? selectedBox() : null;
      if (r) LC.relabel(r, b, c);
    });

    // A box picked (in the region list) where it is not shown: go to its first keyframe, as the editor.
    let picked = null;
    redraws.push(() => {
      const r = boxes ? selectedBox() : null;
      if (LC.selected !== picked) {
        picked = LC.selected;
        if (r && !shape(r) && keysOf(r).length) seek(keysOf(r)[0].frame);
      }
      const seq = keysOf(r);
      const k = closest(seq, frame, true);
      keyButton.disabled = spanButton.disabled = !r;
      keyButton.setAttribute("aria-pressed", String(seq.some((q) => q.frame === frame)));
      spanButton.setAttribute("aria-pressed", String(Boolean(k) && k.enabled !== false));
    });
    redraws.push(LC.setupTimeline(figure, { name, video, timed, boxes, rate, seek, at: () => [frame, count] }));
    return () => { if (count !== null) for (const draw of redraws) draw(); };
  };
}
// The palettes are the controls; boxes and ranges belong to the Video (LC.setupVideo).
for (const w of ["videorectangle", "videolabels", "timeline"]) LC.widgets[w] = () => () => {};
