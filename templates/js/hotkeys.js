// Hotkeys: a Choice or Label `hotkey` clicks it; Ctrl+Z undoes; Delete removes the selected region.
// Keys typed into text fields stay text, unless they hold a modifier.
const keyName = (e) => {
  const parts = [];
  if (e.ctrlKey) parts.push("ctrl");
  if (e.altKey) parts.push("alt");
  if (e.shiftKey && e.key.length > 1) parts.push("shift");
  if (e.metaKey) parts.push("meta");
  parts.push(e.key.toLowerCase());
  return parts.join("+");
};

LC.setupHotkeys = () => {
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest && e.target.closest("input[type=text], input[type=number], input[type=search], textarea, select");
    const key = keyName(e);
    if (typing && !(e.ctrlKey || e.altKey || e.metaKey)) return;
    if (key === "ctrl+z" && !typing) { e.preventDefault(); LC.undo(); return; }
    if ((key === "delete" || key === "backspace") && LC.selected && !typing) { e.preventDefault(); LC.removeRegion(LC.selected); LC.selected = null; return; }
    for (const el of document.querySelectorAll("[data-hotkey]")) {
      const keys = el.dataset.hotkey.toLowerCase().split(",").map((k) => k.trim());
      if (!keys.includes(key) || el.closest(".lc-hidden")) continue;
      e.preventDefault();
      el.click();
      return;
    }
  });
};

// Label buttons: one label pressed at a time per control (press again to release).
LC.setupPalettes = () => {
  for (const b of document.querySelectorAll(".lc-label")) {
    b.addEventListener("click", () => {
      const on = b.getAttribute("aria-pressed") !== "true";
      for (const other of document.querySelectorAll(".lc-label")) other.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-pressed", String(on));
    });
  }
};
