// The waveform of an Audio object: decoded in the page, summarised progressively, and drawn only where
// the viewport shows it, at 1 to 256 times the fitted width, scrolled sideways.
// The page may fetch nothing (CSP connect-src 'none'), so only audio inlined as a data: URL is decoded.
LC.decodeAudio = async (url) => {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:") || comma < 0) return null;
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  let bytes;
  // The browser's own base64 decoder where it has one: atob and a loop over its characters cost a
  // 10-minute clip 130-380 ms more (bench/bench_render.py).
  if (head.endsWith(";base64") && Uint8Array.fromBase64) bytes = Uint8Array.fromBase64(body);
  else {
    const raw = head.endsWith(";base64") ? atob(body) : decodeURIComponent(body);
    bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  }
  // An offline context decodes without a user gesture and plays nothing. Decoding resamples to its
  // rate: 8 kHz keeps a waveform's envelope at any zoom here. The duration is the clip's at any rate.
  return new OfflineAudioContext(1, 1, 8000).decodeAudioData(bytes.buffer);
};

LC.WAVE_MAX_ZOOM = 256;
// Loudest and quietest sample per block of 256 (32 ms at 8 kHz): a drawn column spanning many blocks
// reads the summary, not the samples, so a redraw at any zoom or scroll costs one pass over the
// columns. A chunk of 2^20 samples is summarised per task, drawing as it goes, so the page answers
// while a long clip is summarised.
const BLOCK = 256;
const CHUNK = 1 << 20;

// `split`: every channel summarised and drawn in its own band, top to bottom; else the first only.
LC.waveView = (scroller, track, canvas, split) => {
  const view = { zoom: 1, channels: 1, samples: null, done: 0 };
  let summary = []; // per channel: [quietest, loudest] per block

  view.load = (buffer) => new Promise((resolve) => {
    view.channels = split ? buffer.numberOfChannels : 1;
    const data = Array.from({ length: view.channels }, (_, k) => buffer.getChannelData(k));
    view.samples = data;
    const blocks = Math.ceil(buffer.length / BLOCK);
    summary = data.map(() => [new Float32Array(blocks), new Float32Array(blocks)]);
    const summarise = () => {
      const end = Math.min(buffer.length, view.done + CHUNK); // CHUNK is whole blocks
      data.forEach((samples, k) => {
        const [lo, hi] = summary[k];
        for (let b = view.done / BLOCK; b * BLOCK < end; b++) {
          let l = 0, h = 0;
          for (let i = b * BLOCK, stop = Math.min(end, i + BLOCK); i < stop; i++) {
            const v = samples[i];
            if (v < l) l = v; else if (v > h) h = v;
          }
          lo[b] = l;
          hi[b] = h;
        }
      });
      view.done = end;
      view.draw();
      if (end < buffer.length) setTimeout(summarise); else resolve();
    };
    summarise();
  });

  // Quietest and loudest sample of channel k in [a, b): whole blocks from the summary, the ragged ends
  // sample by sample.
  const extent = (k, a, b) => {
    const data = view.samples[k], [lo, hi] = summary[k];
    let l = 0, h = 0;
    const raw = (from, to) => {
      for (let i = from; i < to; i++) { const v = data[i]; if (v < l) l = v; else if (v > h) h = v; }
    };
    const first = Math.ceil(a / BLOCK), last = Math.floor(b / BLOCK);
    if (last - first < 1) { raw(a, b); return [l, h]; }
    raw(a, first * BLOCK);
    for (let j = first; j < last; j++) { if (lo[j] < l) l = lo[j]; if (hi[j] > h) h = hi[j]; }
    raw(last * BLOCK, b);
    return [l, h];
  };

  view.width = () => scroller.clientWidth * view.zoom;
  view.draw = () => {
    const w = scroller.clientWidth, ht = scroller.clientHeight;
    canvas.width = w;
    canvas.height = ht;
    canvas.style.left = `${scroller.scrollLeft}px`;
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, w, ht);
    if (!view.samples) return;
    const band = ht / view.channels, half = band / 2;
    const per = view.samples[0].length / view.width(), left = scroller.scrollLeft;
    g.fillStyle = "#3d5a80";
    for (let x = 0; x < w; x++) {
      const a = Math.floor((left + x) * per);
      const b = Math.min(view.done, Math.max(a + 1, Math.floor((left + x + 1) * per)));
      if (a >= b) break; // not summarised yet
      for (let k = 0; k < view.channels; k++) {
        const [l, h] = extent(k, a, b), mid = k * band + half;
        g.fillRect(x, mid - h * half, 1, Math.max(1, (h - l) * half));
      }
    }
  };

  // Zoom keeps the instant under `clientX` (default: the middle of the view) where it is on screen.
  view.setZoom = (zoom, clientX) => {
    const z = Math.min(LC.WAVE_MAX_ZOOM, Math.max(1, zoom));
    if (z === view.zoom) return false;
    const box = scroller.getBoundingClientRect();
    const x = clientX === undefined ? box.left + scroller.clientWidth / 2 : clientX;
    const fraction = (scroller.scrollLeft + x - box.left) / view.width();
    view.zoom = z;
    track.style.width = `${z * 100}%`;
    scroller.scrollLeft = fraction * view.width() - (x - box.left);
    scroller.dataset.zoom = String(z);
    view.draw();
    return true;
  };
  // Scroll so the track's pixel `px` is in view.
  view.reveal = (px) => {
    const left = scroller.scrollLeft, w = scroller.clientWidth;
    if (px < left || px > left + w) scroller.scrollLeft = px - w / 2;
  };

  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; view.draw(); });
  };
  scroller.addEventListener("scroll", later);
  new ResizeObserver(later).observe(scroller);
  scroller.dataset.zoom = "1";
  return view;
};
