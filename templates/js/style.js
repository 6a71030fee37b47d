// Config styles and label colours go through the CSSOM: the CSP forbids inline style attributes,
// and the CSSOM drops what is not valid CSS instead of running it. A url() other than data: would
// fetch on open (the CSP refuses it anyway): such declarations are left out.
const fetches = /url\(\s*(?!["']?\s*data:)/i;
LC.applyStyles = () => {
  for (const el of document.querySelectorAll("[data-lc-style]")) {
    el.style.cssText = el.dataset.lcStyle;
    for (const prop of [...el.style]) if (fetches.test(el.style.getPropertyValue(prop))) el.style.removeProperty(prop);
  }
  for (const el of document.querySelectorAll("[data-color]")) {
    if (!CSS.supports("color", el.dataset.color)) continue;
    el.style.setProperty("--lc-color", el.dataset.color);
    el.style.setProperty("--lc-ink", LC.inkOn(el.dataset.color));
  }
};

// Black or white, whichever reads better on `color` (WCAG relative luminance; a translucent colour is
// seen over the white page): at least 4.5:1 whatever colour a config picks.
const probe = document.createElement("i");
LC.inkOn = (color) => {
  probe.style.color = color;
  document.body.append(probe);
  const [r, g, b, a = 1] = getComputedStyle(probe).color.match(/[\d.]+/g).map(Number);
  probe.remove();
  const lin = (v) => { const c = (a * v + (1 - a) * 255) / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return (y + 0.05) / 0.05 >= 1.05 / (y + 0.05) ? "#000" : "#fff";
};

// visibleWhen on choices: shown while the named control's answer holds (or lacks) one of the values.
LC.applyVisibility = () => {
  for (const el of document.querySelectorAll("[data-visible-when]")) {
    const when = el.dataset.visibleWhen;
    if (when === "region-selected" || when === "no-region-selected") {
      const region = LC.selected ? LC.regionOf(LC.selected) : null;
      // whenRole: only for Chat messages of one of these roles.
      const roles = (el.dataset.whenRole || "").split(",").map((s) => s.trim()).filter(Boolean);
      const message = region && region.value && region.value.chatmessage;
      const shown = Boolean(region) && (!el.dataset.whenTag || el.dataset.whenTag === region.from_name)
        && (!roles.length || Boolean(message && roles.includes(message.role)));
      el.classList.toggle("lc-hidden", when === "region-selected" ? !shown : shown);
      continue;
    }
    if (when !== "choice-selected" && when !== "choice-unselected") continue;
    const wanted = (el.dataset.whenChoice || "").split(",").map((s) => s.trim()).filter(Boolean);
    // No whenTagName: the choices of any control count (as labelconfig's checker decides `required`).
    const answers = LC.results.filter((r) => r && r.value && (!el.dataset.whenTag || r.from_name === el.dataset.whenTag));
    const picked = answers.flatMap((r) => r.value.choices || []).flat();
    const any = wanted.length ? wanted.some((w) => picked.includes(w)) : picked.length > 0;
    el.classList.toggle("lc-hidden", when === "choice-selected" ? !any : any);
  }
};
