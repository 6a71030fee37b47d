// Keys: a Choice or Label `hotkey` clicks it; Ctrl+Enter submits; Escape unselects; Delete removes the
// selected region; Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo; `?` shows every key of the page.
// Keys typed into text fields stay text, unless they hold a modifier.
const keyName = (e) => {
  const parts = [];
  if (e.ctrlKey) parts.push("ctrl");
  if (e.altKey) parts.push("alt");
  // Shift is part of the name for named keys and chords (Ctrl+Shift+Z); "?" or "A" already carry it.
  if (e.shiftKey && (e.key.length > 1 || e.ctrlKey || e.altKey || e.metaKey)) parts.push("shift");
  if (e.metaKey) parts.push("meta");
  parts.push(e.key.toLowerCase());
  return parts.join("+");
};

// The page's own keys, as the panel lists them; config hotkeys are read from the page.
const PAGE_KEYS = [
  ["Ctrl+Enter", "Submit"],
  ["Escape", "Unselect the region (and close this panel)"],
  ["Delete", "Remove the selected region"],
  ["Ctrl+Z", "Undo"],
  ["Ctrl+Shift+Z", "Redo"],
  ["Shift+Arrows", "Select text in a focused text, then press a label's key to mark it"],
  ["?", "Show or hide these keys"],
];

const PAGE_ACTIONS = {
  "ctrl+enter": () => LC.submit(),
  "meta+enter": () => LC.submit(),
  "ctrl+z": () => LC.undo(),
  "meta+z": () => LC.undo(),
  "ctrl+shift+z": () => LC.redo(),
  "meta+shift+z": () => LC.redo(),
  "ctrl+y": () => LC.redo(),
  escape: () => { LC.linkFrom = null; LC.togglePanel(false); LC.select(null); },
};

LC.setupHotkeys = () => {
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest && e.target.closest("input[type=text], input[type=number], input[type=search], input[type=date], input[type=datetime-local], input[type=time], input[type=month], textarea, select");
    const key = keyName(e);
    // Undo inside a text field is the field's own; Ctrl+Enter and Escape work everywhere.
    const action = PAGE_ACTIONS[key];
    if (action && (!typing || key.endsWith("enter") || key === "escape")) { e.preventDefault(); action(); return; }
    if (typing && !(e.ctrlKey || e.altKey || e.metaKey)) return;
    if ((key === "delete" || key === "backspace") && LC.selected && !typing) { e.preventDefault(); LC.removeRegion(LC.selected); LC.selected = null; return; }
    if (key === "?" && !typing) { e.preventDefault(); LC.togglePanel(); return; }
    for (const el of document.querySelectorAll("[data-hotkey]")) {
      const keys = el.dataset.hotkey.toLowerCase().split(",").map((k) => k.trim());
      if (!keys.includes(key) || el.closest(".lc-hidden") || el.disabled) continue;
      e.preventDefault();
      el.click();
      return;
    }
  });
};

// The key panel: a non-modal dialog listing the page's keys and the config's hotkeys with what they do.
LC.togglePanel = (open) => {
  let panel = document.getElementById("lc-keys");
  if (!panel) {
    if (open === false) return;
    panel = document.createElement("dialog");
    panel.id = "lc-keys";
    panel.className = "lc-keys";
    panel.setAttribute("aria-label", "Keyboard shortcuts");
    document.body.append(panel);
  }
  const show = open ?? !panel.open;
  if (!show) { panel.close(); return; }
  const rows = [...PAGE_KEYS];
  for (const el of document.querySelectorAll("[data-hotkey]")) {
    if (el.closest(".lc-hidden")) continue;
    const what = el.dataset.label ?? el.dataset.insert ?? el.value ?? el.textContent;
    const control = el.closest("[data-lc-control]");
    rows.push([el.dataset.hotkey, control ? `${what} (${control.dataset.lcControl})` : what]);
  }
  const title = document.createElement("h2");
  title.textContent = "Keyboard shortcuts";
  const table = document.createElement("table");
  for (const [keys, what] of rows) {
    const tr = table.insertRow();
    const k = document.createElement("kbd");
    k.textContent = keys;
    tr.insertCell().append(k);
    tr.insertCell().textContent = what;
  }
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Close";
  close.addEventListener("click", () => panel.close());
  panel.replaceChildren(title, table, close);
  panel.show();
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
