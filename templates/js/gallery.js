// An <Image valueList> shows one image at a time, as the editor's gallery does: Previous and Next,
// a thumbnail per image, and PageUp / PageDown while the focus is in the gallery. Every image keeps its
// own tools and regions (recorded with its `item_index`); without this script they stand stacked.
{
  LC.setupGallery = (figure) => {
    const stages = [...figure.querySelectorAll(".lc-stage")];
    if (figure.dataset.valueList !== "true" || stages.length < 2) return;
    LC.keyHelp.push(["PageUp / PageDown", "In an image gallery: previous / next image"]);
    const items = stages.map((stage) => [stage.previousElementSibling, stage]); // toolbar, stage
    const n = items.length;
    const what = `image ${figure.dataset.lcObject}`;
    const nav = document.createElement("nav");
    nav.className = "lc-gallery";
    nav.setAttribute("aria-label", `Pages of ${what}`);
    const prev = LC.button("‹", "Previous image");
    const next = LC.button("›", "Next image");
    const where = document.createElement("span");
    where.setAttribute("aria-live", "polite");
    const thumbs = items.map(([, stage], i) => {
      const b = LC.button("", `Show image ${i + 1} of ${n}`);
      b.className = "lc-thumb";
      const img = document.createElement("img");
      img.src = stage.querySelector("img").src; // the same URL the page already loads: no new request
      img.alt = "";
      b.append(img);
      b.addEventListener("click", () => show(i));
      return b;
    });
    nav.append(prev, where, next, ...thumbs);
    figure.insertBefore(nav, items[0][0]);
    let current = 0;
    const view = (i) => {
      current = Math.max(0, Math.min(n - 1, i));
      items.forEach((pair, k) => { for (const el of pair) el.hidden = k !== current; });
      thumbs.forEach((b, k) => b.setAttribute("aria-current", String(k === current)));
      where.textContent = `${current + 1} of ${n}`;
      prev.disabled = current === 0;
      next.disabled = current === n - 1;
    };
    const show = (i) => { view(i); LC.changed(); }; // the shown image draws at its size on screen
    prev.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => show(current + 1));
    figure.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.key !== "PageUp" && e.key !== "PageDown")) return;
      e.preventDefault();
      show(current + (e.key === "PageDown" ? 1 : -1));
      items[current][1].focus({ preventScroll: true });
    });
    // The image a selected region is on comes into view (a region picked in the sidebar): this runs
    // before the stages redraw, so the one shown draws at its size.
    let followed = null;
    LC.onChange(() => {
      if (LC.selected === followed) return; // only a newly selected region turns the page
      followed = LC.selected;
      const r = LC.selected && LC.results.find((x) => x && x.id === LC.selected && x.to_name === figure.dataset.lcObject);
      if (r && (r.item_index || 0) !== current && (r.item_index || 0) < n) view(r.item_index || 0);
    });
    view(0);
  };
}
