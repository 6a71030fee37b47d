// Wire every widget to its control, draw the starting state, and publish the page contract. The page
// carries only the modules its objects and widgets need (labelconfig/render/scripts.py): an object's
// setup is called only for a figure of its tag, the brush's only for an Image a brush control draws on.
{
  LC.setupSidebar();
  const redraws = [];
  for (const el of document.querySelectorAll("[data-lc-control][data-widget]")) {
    const c = LC.control(el);
    const make = c && LC.widgets[c.widget];
    // A widget whose module is missing would leave its control dead without a word: say so loudly.
    if (c && !make) console.error(`labelconfig: no code for widget "${c.widget}" of control ${c.name} on this page`);
    if (make) redraws.push(make(el, c));
    if (c) redraws.push(() => LC.drawRegionList(el, c));
    if (c && c.perRegion) redraws.push(() => LC.waitForRegion(el));
  }
  const brushed = new Set(Object.values(LC.controls).filter((c) => c.widget === "brush").map((c) => c.toName));
  for (const figure of document.querySelectorAll("[data-lc-object][data-tag=Image]")) {
    LC.setupGallery(figure);
    redraws.push(LC.setupStage(figure));
    if (brushed.has(figure.dataset.lcObject)) redraws.push(LC.setupBrush(figure));
  }
  for (const figure of document.querySelectorAll("[data-lc-object][data-tag=Audio], [data-lc-object][data-tag=AudioPlus]")) redraws.push(LC.setupWave(figure));
  for (const figure of document.querySelectorAll("[data-lc-object][data-tag=TimeSeries]")) redraws.push(LC.setupTimeSeries(figure));
  for (const figure of document.querySelectorAll("[data-lc-object][data-tag=Video]")) redraws.push(LC.setupVideo(figure));
  redraws.push(LC.drawRelations, LC.applyVisibility);
  LC.onChange(() => { for (const draw of redraws) draw(); });
  LC.applyStyles();
  LC.setupPalettes();
  LC.setupHotkeys();
  LC.setupPageKeys();
  document.getElementById("lc-submit").addEventListener("click", () => LC.submit());
  LC.changed();
  window.labelconfig = Object.freeze({ annotation: LC.annotation, submit: LC.submit, undo: LC.undo, edited: LC.edited, version: 1 });
  document.documentElement.dataset.lcReady = "true";
}
