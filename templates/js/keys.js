// The page's own keys, before any hotkey of the config: Ctrl+Enter submits, Escape unselects (and
// closes the key panel), Ctrl+Shift+Z or Ctrl+Y redoes, `?` lists the page's keys (with each tool's
// rows from `LC.keyHelp`). Ctrl+Enter and Escape
// work from inside text fields too; undo and redo there stay the field's own.
const PAGE_KEYS = [
  ["Ctrl+Enter", "Submit"],
  ["Escape", "Unselect the region (and close this panel)"],
  ["Delete", "Remove the selected region"],
  ["Ctrl+Z", "Undo"],
  ["Ctrl+Shift+Z", "Redo"],
];
const PANEL_KEY = ["?", "Show or hide these keys"];

const pageAction = (e, typing) => {
  const chord = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (chord && key === "enter") return () => LC.submit();
  if (key === "escape") return () => { if (LC.linkFrom) LC.say(""); LC.linkFrom = null; LC.togglePanel(false); LC.select(null); };
  if (typing) return null;
  if (chord && ((e.shiftKey && key === "z") || (!e.shiftKey && key === "y"))) return () => LC.redo();
  if (e.key === "?" && !chord && !e.altKey) return () => LC.togglePanel();
  return null;
};

LC.setupPageKeys = () => {
  // Capture phase: these keys are the page's, whatever the config binds and wherever the focus is.
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest && e.target.closest("input:not([type=radio]):not([type=checkbox]):not([type=range]), textarea, select");
    const action = pageAction(e, typing);
    if (!action) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    action();
  }, true);
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
  if (!(open ?? !panel.open)) { panel.close(); return; }
  const rows = [...PAGE_KEYS, ...new Map(LC.keyHelp.map((row) => [row.join("\n"), row])).values(), PANEL_KEY];
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
