// Zoom and pan of one image stage. The stage is a viewport that keeps its size; the canvas inside (image
// and overlay) is laid out `zoom` times wider and scrolled, so the browser draws the image sharp and
// pointer positions stay plain fractions of the canvas box at every zoom.
// Ctrl/Cmd + wheel zooms about the pointer (a plain wheel scrolls, as in Label Studio); the stage's
// buttons and its keys + - 0 zoom about the centre.
{
  const MAX_ZOOM = 20;
  const STEP = 1.5;

  LC.imageView = (stage, onZoom) => {
    const canvas = stage.querySelector(".lc-canvas");
    const tools = stage.previousElementSibling;
    const level = tools && tools.querySelector(".lc-zoom-level");
    const view = { zoom: 1, base: null };

    // The canvas size at zoom 1 (the image fitted to the page), the size a zoom multiplies.
    view.baseWidth = () => {
      if (view.zoom === 1 || !view.base) view.base = [canvas.clientWidth, canvas.clientHeight];
      return view.base[0];
    };

    const off = stage.dataset.zoomOff === "true";
    const by = Number(stage.dataset.zoomBy);
    const step = by > 1 && by < 10 ? by : STEP; // the Image's zoomBy, when it sets a usable one

    view.zoomTo = (zoom, clientX, clientY) => {
      if (off) return;
      zoom = Math.max(1, Math.min(MAX_ZOOM, zoom));
      view.baseWidth();
      const port = stage.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const ax = clientX === undefined ? port.left + port.width / 2 : clientX;
      const ay = clientY === undefined ? port.top + port.height / 2 : clientY;
      const fx = (ax - box.left) / box.width, fy = (ay - box.top) / box.height; // the image point held still
      view.zoom = zoom;
      const [w, h] = view.base;
      stage.classList.toggle("lc-zoomed", zoom > 1);
      stage.style.width = zoom > 1 ? `${w}px` : "";
      stage.style.height = zoom > 1 ? `${h}px` : "";
      canvas.style.width = zoom > 1 ? `${w * zoom}px` : "";
      stage.scrollLeft = fx * w * zoom - (ax - port.left);
      stage.scrollTop = fy * h * zoom - (ay - port.top);
      if (level) level.textContent = `${Math.round(zoom * 100)}%`;
      onZoom();
    };

    view.panBy = (dx, dy) => { stage.scrollLeft += dx; stage.scrollTop += dy; };

    stage.addEventListener("wheel", (e) => {
      if (off || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      view.zoomTo(view.zoom * Math.exp(-e.deltaY * 0.002), e.clientX, e.clientY);
    }, { passive: false });

    if (tools) {
      for (const b of tools.querySelectorAll("[data-zoom]")) {
        b.addEventListener("click", () => {
          const how = b.dataset.zoom;
          view.zoomTo(how === "in" ? view.zoom * step : how === "out" ? view.zoom / step : 1);
        });
      }
    }

    // Keys on the focused stage; the caller handles the rest (returns false when the key is not a zoom key).
    view.key = (e) => {
      if (off || e.ctrlKey || e.metaKey || e.altKey) return false;
      if (e.key === "+" || e.key === "=") view.zoomTo(view.zoom * step);
      else if (e.key === "-") view.zoomTo(view.zoom / step);
      else if (e.key === "0") view.zoomTo(1);
      else return false;
      return true;
    };
    return view;
  };
}
