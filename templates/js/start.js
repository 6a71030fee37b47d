// Wire every widget to its control, draw the starting state, and publish the page contract.
{
  LC.setupSidebar();
  const redraws = [];
  for (const el of document.querySelectorAll("[data-lc-control][data-widget]")) {
    const c = LC.control(el);
    const make = c && LC.widgets[c.widget];
    if (make) redraws.push(make(el, c));
    if (c) redraws.push(() => LC.drawRegionList(el, c));
    if (c && c.perRegion) redraws.push(() => LC.waitForRegion(el));
  }
  for (const figure of document.querySelectorAll("[data-lc-object][data-tag=Image]")) {
    LC.setupGallery(figure);
    redraws.push(LC.setupStage(figure), LC.setupBrush(figure));
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
