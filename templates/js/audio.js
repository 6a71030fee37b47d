// Audio: segments on the waveform (audio_wave.js), operated as in Label Studio's editor. With a label
// pressed, a drag makes a `labels` segment {start, end, channel} in seconds with the clip's
// `original_length`; a segment's edges drag to adjust it; a click selects and plays it; a label clicked
// while it is selected relabels it. Ctrl+wheel, the zoom buttons or +/- zoom; the wheel and the
// scrollbar scroll. Audio that is not inlined gets the same timeline, without a waveform, once its
// length is known.
LC.keyHelp.push(
  ["Shift+←/→, Enter", "On a focused waveform: select a stretch, then mark it with the pressed label"],
  ["[ / ]", "On a focused waveform: move the selected segment's start / end to the cursor"],
  ["+ / -", "On a focused waveform: zoom in / out (or Ctrl+wheel)"],
);

LC.setupWave = (figure) => {
  const name = figure.dataset.lcObject;
  const audio = figure.querySelector("audio");
  const controls = Object.values(LC.controls).filter((c) => c.widget === "audio" && c.toName === name);
  if (!audio || !controls.length) return () => {};
  const stage = document.createElement("div");
  stage.className = "lc-wave";
  stage.tabIndex = 0;
  stage.setAttribute("role", "application");
  stage.setAttribute("aria-label", `Waveform of ${name}: drag with a label pressed to mark a segment, or `
    + "arrows to move the cursor, Shift+arrows to select, Enter to mark; [ and ] move the selected segment's "
    + "start and end to the cursor; + and - zoom; up and down pick the channel when channels are split");
  const canvas = document.createElement("canvas");
  const track = document.createElement("div");
  track.className = "lc-wave-track";
  const layer = document.createElement("div");
  layer.className = "lc-wave-regions";
  track.append(layer);
  stage.append(canvas, track);
  const tools = document.createElement("div");
  tools.className = "lc-wave-tools";
  tools.setAttribute("role", "toolbar");
  tools.setAttribute("aria-label", `Player of ${name}`);
  const shown = document.createElement("output");
  const split = figure.dataset.splitChannels === "true";
  const zoomOff = figure.dataset.zoomOff === "true";
  if (!zoomOff) tools.append(LC.button("−", "Zoom out", () => zoomBy(0.5)), LC.button("+", "Zoom in", () => zoomBy(2)), shown);
  // The Audio's hotkey starts and pauses playback (the page's hotkeys click what carries the key).
  if (figure.dataset.playKey) {
    const play = LC.button("Play / pause", `Play or pause ${name}`, () => { stopAt = null; if (audio.paused) audio.play().catch(() => {}); else audio.pause(); });
    play.dataset.hotkey = figure.dataset.playKey;
    tools.prepend(play);
  }
  if (Number(figure.dataset.height) > 0) stage.style.height = `${Number(figure.dataset.height)}px`;
  audio.after(...(tools.childElementCount ? [tools] : []), stage);
  const view = LC.waveView(stage, track, canvas, split);
  let duration = null;

  const zoomBy = (factor, clientX) => {
    if (duration === null || zoomOff || !view.setZoom(view.zoom * factor, clientX)) return;
    shown.textContent = `×${view.zoom}`;
    stage.dataset.pxPerSecond = String(view.width() / duration);
  };
  shown.textContent = "×1";

  const ready = (seconds) => {
    duration = seconds;
    stage.dataset.duration = String(seconds);
    stage.dataset.pxPerSecond = String(view.width() / duration);
    LC.changed();
  };
  LC.decodeAudio(audio.getAttribute("src") || "").then((buffer) => {
    if (!buffer) return;
    performance.mark(`lc-audio-decoded-${name}`);
    const summarised = view.load(buffer); // its first chunk now, so the channels are known
    ready(buffer.duration); // segments can be made at once; the waveform fills in as it is summarised
    // defaultzoom, to the nearest power of two: the keyboard cursor's steps stay whole ticks.
    const start = Number(figure.dataset.defaultZoom);
    if (start > 1) zoomBy(2 ** Math.round(Math.log2(start)), stage.getBoundingClientRect().left); // from 0 s
    return summarised.then(() => {
      stage.dataset.waveform = "drawn";
      performance.measure(`lc-audio-summarised-${name}`, `lc-audio-decoded-${name}`);
    });
  }).catch(() => LC.say(`${name}: this audio could not be decoded; its segments are listed only.`));
  audio.addEventListener("loadedmetadata", () => { if (duration === null && Number.isFinite(audio.duration)) ready(audio.duration); });

  stage.addEventListener("wheel", (e) => {
    if (duration === null) return;
    if (e.ctrlKey || e.metaKey) zoomBy(e.deltaY < 0 ? 2 : 0.5, e.clientX);
    else if (view.zoom > 1 && Math.abs(e.deltaY) > Math.abs(e.deltaX)) stage.scrollLeft += e.deltaY;
    else return;
    e.preventDefault();
  }, { passive: false });

  // With splitchannels, the band under the pointer is the segment's channel.
  const channelAt = (clientY) => {
    const band = stage.clientHeight / view.channels;
    return Math.min(view.channels - 1, Math.max(0, Math.floor((clientY - stage.getBoundingClientRect().top) / band)));
  };
  const secondsAt = (clientX) => {
    const box = track.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * duration;
  };
  const pressed = () => controls.map((c) => [c, document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"]`)])
    .find(([, el]) => el && LC.activeLabels(el).length);

  let drag = null;
  const preview = document.createElement("div");
  preview.className = "lc-wave-region lc-wave-preview";
  stage.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || e.target.closest("[data-region]")) return;
    if (duration === null) {
      const inlined = (audio.getAttribute("src") || "").startsWith("data:");
      LC.say(inlined ? `${name} is still being decoded: drag again in a moment.`
        : `${name}: play the audio once to load its length, then drag on its timeline.`);
      return;
    }
    if (e.clientY - stage.getBoundingClientRect().top > stage.clientHeight) return; // on the scrollbar
    const found = pressed();
    if (!found) { LC.say(`Pick a label first, then drag on the waveform of ${name}.`); return; }
    drag = { c: found[0], labels: LC.activeLabels(found[1]), from: secondsAt(e.clientX), x: e.clientX, channel: channelAt(e.clientY) };
    stage.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  // A drag held past either side of a zoomed view scrolls it, by as far as the pointer is past it.
  const follow = (clientX) => {
    const box = stage.getBoundingClientRect();
    if (clientX > box.right) stage.scrollLeft += clientX - box.right;
    else if (clientX < box.left) stage.scrollLeft -= box.left - clientX;
  };
  stage.addEventListener("pointermove", (e) => {
    if (drag) follow(e.clientX);
    if (drag && drag.resize) { resizeTo(e.clientX); return; }
    if (!drag) return;
    const [a, b] = [drag.from, secondsAt(e.clientX)].sort((p, q) => p - q);
    place(preview, a, b, drag.channel);
    layer.append(preview);
  });
  stage.addEventListener("pointerup", (e) => {
    if (drag && drag.resize) { endResize(); return; }
    if (!drag) return;
    const { c, labels, from, x, channel } = drag;
    drag = null;
    preview.remove();
    if (Math.abs(e.clientX - x) < 3) return; // a click, not a drag
    mark(c, labels, from, secondsAt(e.clientX), channel);
  });
  const mark = (c, labels, a, b, channel) => {
    if (LC.overused(c, labels)) return;
    const [start, end] = [a, b].sort((p, q) => p - q);
    const value = { start, end, channel };
    if (c.labelsKey) value[c.labelsKey] = labels;
    const r = LC.result(c, value, { original_length: duration });
    LC.addResult(r);
    LC.select(r.id); // a new region is selected, so its per-region controls show at once
  };
  const mine = () => LC.results.filter((r) => r && r.to_name === name && r.value && typeof r.value.start === "number"
    && controls.some((c) => c.name === r.from_name));
  const selectedSegment = () => mine().find((r) => r.id === LC.selected);

  // Keyboard: ←/→ move a cursor by 1% of the view, Shift extends a selection from where it was, Enter
  // marks it with the pressed label; [ and ] move the selected segment's start and end to the cursor.
  // The cursor counts whole ticks of 1/(100 × the largest zoom) of the clip, so 10 steps of a 2 s clip
  // at ×1 are 0.2 s exactly.
  const TICKS = 100 * LC.WAVE_MAX_ZOOM;
  const cursorLine = document.createElement("div");
  cursorLine.className = "lc-wave-cursor";
  let cursor = 0, anchor = null, band = 0; // band: the cursor's channel, with splitchannels
  const at = (tick) => (tick * duration) / TICKS;
  const showKeys = () => {
    cursorLine.style.left = `${(cursor / TICKS) * 100}%`;
    track.append(cursorLine);
    view.reveal((cursor / TICKS) * view.width());
    if (anchor === null) preview.remove();
    else { place(preview, at(Math.min(anchor, cursor)), at(Math.max(anchor, cursor)), band); layer.append(preview); }
  };
  const moveEdge = (edge) => {
    const r = selectedSegment();
    if (!r || LC.locked.has(r.id)) { LC.say(`Select a segment of ${name} first, then move its ${edge} to the cursor.`); return; }
    const span = edge === "start" ? [at(cursor), r.value.end] : [r.value.start, at(cursor)];
    if (span[0] >= span[1]) { LC.say(`The ${edge} must stay ${edge === "start" ? "before the end" : "after the start"}.`); return; }
    LC.commitGeometry(r, { start: span[0], end: span[1] });
  };
  stage.addEventListener("keydown", (e) => {
    if (duration === null || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      if (e.shiftKey && anchor === null) anchor = cursor;
      if (!e.shiftKey) anchor = null;
      const step = LC.WAVE_MAX_ZOOM / view.zoom;
      cursor = Math.min(TICKS, Math.max(0, cursor + (e.key === "ArrowRight" ? step : -step)));
    } else if (e.key === "Enter" && anchor !== null && anchor !== cursor) {
      const found = pressed();
      if (!found) { LC.say(`Pick a label first, then press Enter to mark the selection on ${name}.`); return; }
      const [a, b] = [at(anchor), at(cursor)];
      anchor = null;
      mark(found[0], LC.activeLabels(found[1]), a, b, band);
    } else if ((e.key === "ArrowUp" || e.key === "ArrowDown") && view.channels > 1) {
      band = Math.min(view.channels - 1, Math.max(0, band + (e.key === "ArrowDown" ? 1 : -1)));
    } else if (e.key === "[" || e.key === "]") moveEdge(e.key === "[" ? "start" : "end");
    else if (e.key === "+" || e.key === "=" || e.key === "-") {
      zoomBy(e.key === "-" ? 0.5 : 2, track.getBoundingClientRect().left + (cursor / TICKS) * view.width());
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
  let resized = false; // the click that ends an edge drag neither plays nor selects
  const startResize = (e, r, el) => {
    const edge = LC.edgeAt(e, el);
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
    place(drag.el, Math.min(...drag.span), Math.max(...drag.span), drag.resize.value.channel);
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

  // A label of the selected segment's own control, clicked, relabels the segment.
  document.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest(".lc-label");
    const r = b && selectedSegment();
    if (r && b.closest("[data-lc-control]").dataset.lcControl === r.from_name) LC.relabel(r, b);
  });

  const place = (el, a, b, channel) => {
    el.style.left = `${(a / duration) * 100}%`;
    el.style.width = `${((b - a) / duration) * 100}%`;
    if (view.channels > 1) { // in its channel's band
      const k = Math.min(view.channels - 1, Math.max(0, Number(channel) || 0));
      el.style.top = `${(k / view.channels) * 100}%`;
      el.style.bottom = `${((view.channels - 1 - k) / view.channels) * 100}%`;
    }
  };
  return () => {
    if (duration === null) return;
    layer.replaceChildren(...mine().map((r) => {
      const el = document.createElement("button");
      el.type = "button";
      el.className = "lc-wave-region";
      el.dataset.region = r.id;
      el.setAttribute("aria-label", `${(LC.labelsOf(r) || []).join(", ") || "segment"} ${r.value.start.toFixed(2)}–${r.value.end.toFixed(2)} s (play)`);
      el.classList.toggle("lc-selected", r.id === LC.selected);
      const color = LC.colorOf(r);
      if (color) el.style.setProperty("--lc-color", color);
      place(el, r.value.start, r.value.end, r.value.channel);
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
