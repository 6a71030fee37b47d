// Audio: a waveform drawn from the decoded samples (Web Audio API), on which a drag with a label
// pressed makes a `labels` segment {start, end, channel} in seconds with the clip's `original_length`,
// as Label Studio's editor records it. Clicking a segment selects it and plays it.
// The page may fetch nothing (CSP connect-src 'none'), so only audio inlined as a data: URL is decoded
// here; other audio gets the same timeline, without a waveform, once its length is known.
const decodeDataUrl = async (url) => {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:") || comma < 0) return null;
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  const raw = head.endsWith(";base64") ? atob(body) : decodeURIComponent(body);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  // An offline context decodes without a user gesture and plays nothing. Decoding resamples to its
  // rate: 8 kHz keeps a waveform's envelope, and with the plain byte loop above took a 10-minute clip
  // from 3.4 s to 2.5 s to usable (bench/bench_render.py; the page alone, 12.6 MB, loads in about 2 s).
  // The duration is the clip's at any rate.
  return new OfflineAudioContext(1, 1, 8000).decodeAudioData(bytes.buffer);
};

// The loudest and quietest sample under each pixel column of the first channel.
const peaksOf = (buffer, columns) => {
  const data = buffer.getChannelData(0);
  const step = Math.max(1, Math.floor(data.length / columns));
  const peaks = [];
  for (let x = 0; x < columns; x++) {
    let lo = 0, hi = 0;
    for (let i = x * step, end = Math.min(data.length, i + step); i < end; i++) {
      const v = data[i];
      if (v < lo) lo = v; else if (v > hi) hi = v;
    }
    peaks.push([lo, hi]);
  }
  return peaks;
};

LC.setupWave = (figure) => {
  const name = figure.dataset.lcObject;
  const audio = figure.querySelector("audio");
  const controls = Object.values(LC.controls).filter((c) => c.widget === "audio" && c.toName === name);
  if (!audio || !controls.length) return () => {};
  const stage = document.createElement("div");
  stage.className = "lc-wave";
  stage.tabIndex = 0;
  stage.setAttribute("role", "application");
  stage.setAttribute("aria-label", `Waveform of ${name}: drag with a label pressed to mark a segment, or Shift+arrows then Enter`);
  const canvas = document.createElement("canvas");
  const layer = document.createElement("div");
  layer.className = "lc-wave-regions";
  stage.append(canvas, layer);
  audio.after(stage);
  let duration = null;
  let peaks = null;

  const draw = () => {
    const width = stage.clientWidth;
    canvas.width = width;
    canvas.height = stage.clientHeight;
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (!peaks) return;
    const mid = canvas.height / 2;
    g.fillStyle = "#3d5a80";
    peaks.forEach(([lo, hi], x) => g.fillRect(x, mid - hi * mid, 1, Math.max(1, (hi - lo) * mid)));
  };
  const ready = (seconds) => { duration = seconds; stage.dataset.duration = String(seconds); LC.changed(); };
  decodeDataUrl(audio.getAttribute("src") || "").then((buffer) => {
    if (!buffer) return;
    peaks = peaksOf(buffer, Math.max(1, stage.clientWidth));
    draw();
    ready(buffer.duration);
  }).catch(() => LC.say(`${name}: this audio could not be decoded; its segments are listed only.`));
  audio.addEventListener("loadedmetadata", () => { if (duration === null && Number.isFinite(audio.duration)) ready(audio.duration); });

  const secondsAt = (clientX) => {
    const box = stage.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * duration;
  };
  const pressed = () => controls.map((c) => [c, document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"]`)])
    .find(([, el]) => el && LC.activeLabels(el).length);

  let drag = null;
  const preview = document.createElement("div");
  preview.className = "lc-wave-region lc-wave-preview";
  stage.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || duration === null || e.target.closest("[data-region]")) return;
    const found = pressed();
    if (!found) { LC.say(`Pick a label first, then drag on the waveform of ${name}.`); return; }
    drag = { c: found[0], labels: LC.activeLabels(found[1]), from: secondsAt(e.clientX), x: e.clientX };
    stage.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  stage.addEventListener("pointermove", (e) => {
    if (drag && drag.resize) { resizeTo(e.clientX); return; }
    if (!drag) return;
    const [a, b] = [drag.from, secondsAt(e.clientX)].sort((p, q) => p - q);
    place(preview, a, b);
    layer.append(preview);
  });
  stage.addEventListener("pointerup", (e) => {
    if (drag && drag.resize) { endResize(); return; }
    if (!drag) return;
    const { c, labels, from, x } = drag;
    drag = null;
    preview.remove();
    if (Math.abs(e.clientX - x) < 3) return; // a click, not a drag
    mark(c, labels, from, secondsAt(e.clientX));
  });
  const mark = (c, labels, a, b) => {
    if (LC.overused(c, labels)) return;
    const [start, end] = [a, b].sort((p, q) => p - q);
    const value = { start, end, channel: 0 };
    if (c.labelsKey) value[c.labelsKey] = labels;
    const r = LC.result(c, value, { original_length: duration });
    LC.addResult(r);
    LC.select(r.id); // a new region is selected, so its per-region controls show at once
  };

  // Keyboard: ←/→ move a cursor by 1% of the clip, Shift extends a selection from where it was, Enter
  // marks the selection with the pressed label. Positions are whole steps, so 10 steps of a 2 s clip
  // are 0.2 s exactly.
  const cursorLine = document.createElement("div");
  cursorLine.className = "lc-wave-cursor";
  let cursor = 0, anchor = null;
  const at = (step) => (step * duration) / 100;
  const showKeys = () => {
    cursorLine.style.left = `${cursor}%`;
    stage.append(cursorLine);
    if (anchor === null) preview.remove();
    else { place(preview, at(Math.min(anchor, cursor)), at(Math.max(anchor, cursor))); layer.append(preview); }
  };
  stage.addEventListener("keydown", (e) => {
    if (duration === null) return;
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      if (e.shiftKey && anchor === null) anchor = cursor;
      if (!e.shiftKey) anchor = null;
      cursor = Math.min(100, Math.max(0, cursor + (e.key === "ArrowRight" ? 1 : -1)));
    } else if (e.key === "Enter" && anchor !== null && anchor !== cursor) {
      const found = pressed();
      if (!found) { LC.say(`Pick a label first, then press Enter to mark the selection on ${name}.`); return; }
      const [a, b] = [at(anchor), at(cursor)];
      anchor = null;
      mark(found[0], LC.activeLabels(found[1]), a, b);
    } else return;
    e.preventDefault();
    e.stopPropagation(); // the waveform's keys here, not a config hotkey's
    showKeys();
  });

  // Playing a segment stops at its end.
  let stopAt = null;
  audio.addEventListener("timeupdate", () => { if (stopAt !== null && audio.currentTime >= stopAt) { audio.pause(); stopAt = null; } });
  LC.playSegment = LC.playSegment || new Map();
  LC.playSegment.set(name, (r) => {
    audio.currentTime = r.value.start;
    stopAt = r.value.end;
    audio.play().catch(() => {});
  });

  // A press within a few pixels of a segment's edge drags that edge (not on a locked segment).
  const EDGE = 6;
  let resized = false; // the click that ends an edge drag neither plays nor selects
  const startResize = (e, r, el) => {
    const box = el.getBoundingClientRect();
    const edge = e.clientX - box.left <= EDGE ? "start" : box.right - e.clientX <= EDGE ? "end" : null;
    if (!edge || e.button !== 0 || LC.locked.has(r.id)) return;
    drag = { resize: r, edge, el, span: [r.value.start, r.value.end] };
    stage.setPointerCapture(e.pointerId);
    e.preventDefault();
    e.stopPropagation();
  };
  const resizeTo = (clientX) => {
    const t = secondsAt(clientX);
    drag.span = drag.edge === "start" ? [t, drag.resize.value.end] : [drag.resize.value.start, t];
    drag.moved = true;
    place(drag.el, Math.min(...drag.span), Math.max(...drag.span));
  };
  const endResize = () => {
    const { resize: r, span, moved } = drag;
    drag = null;
    if (!moved || span[0] === span[1]) { LC.changed(); return; }
    resized = true;
    setTimeout(() => { resized = false; });
    LC.commitGeometry(r, { start: Math.min(...span), end: Math.max(...span) });
    LC.select(r.id);
  };

  const place = (el, a, b) => {
    el.style.left = `${(a / duration) * 100}%`;
    el.style.width = `${((b - a) / duration) * 100}%`;
  };
  return () => {
    if (duration === null) return;
    const mine = LC.results.filter((r) => r && r.to_name === name && r.value && typeof r.value.start === "number"
      && controls.some((c) => c.name === r.from_name));
    layer.replaceChildren(...mine.map((r) => {
      const el = document.createElement("button");
      el.type = "button";
      el.className = "lc-wave-region";
      el.dataset.region = r.id;
      el.setAttribute("aria-label", `${(LC.labelsOf(r) || []).join(", ") || "segment"} ${r.value.start.toFixed(2)}–${r.value.end.toFixed(2)} s (play)`);
      el.classList.toggle("lc-selected", r.id === LC.selected);
      const color = LC.colorOf(r);
      if (color) el.style.setProperty("--lc-color", color);
      place(el, r.value.start, r.value.end);
      el.addEventListener("pointerdown", (e) => startResize(e, r, el));
      el.addEventListener("click", (e) => {
        if (resized) { e.stopPropagation(); return; }
        LC.playSegment.get(name)(r);
      });
      return el;
    }));
  };
};

LC.widgets.audio = () => () => {}; // the palette is the control; the waveform belongs to its Audio object
