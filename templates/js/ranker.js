// Ranker: the List's items sorted into columns (the Ranker's own name, or its buckets and `_`), recorded
// as Label Studio's editor records them: `value.ranker` maps every column shown to its item ids.
LC.keyHelp.push(["Alt+Arrows", "Move the focused ranked item up, down, or to the previous or next column"]);

LC.widgets.ranker = (el, c) => {
  const columns = [...el.querySelectorAll("[data-column]")].map((s) => s.dataset.column);
  const home = el.dataset.default; // where items start: the Ranker's name, the default bucket, or `_`
  const list = document.querySelector(`[data-lc-object="${CSS.escape(c.toName)}"]`);
  const sources = list ? [...list.querySelectorAll("li[data-id]")] : [];
  const ids = sources.map((li) => li.dataset.id);
  if (list && sources.length) list.querySelector("ol").classList.add("lc-hidden"); // shown in the board instead

  // Every column with its ids: a result's own columns (unknown keys kept as they came), and, when no
  // bucket is the default, the items no known column holds appended to `_` (as the editor does).
  const placed = () => {
    const own = LC.answerOf(c);
    const stubs = Object.fromEntries(columns.map((k) => [k, []]));
    if (!own || !own.value || typeof own.value[c.valueKey] !== "object") return { ...stubs, [home]: [...ids] };
    const out = { ...stubs, ...LC.clone(own.value[c.valueKey]) };
    if (home === "_") {
      const sorted = new Set(columns.flatMap((k) => out[k] || []));
      const left = ids.filter((id) => !sorted.has(id));
      if (left.length) out._ = [...(out._ || []), ...left];
    }
    return out;
  };

  const move = (id, from, to, index) => {
    const now = placed();
    now[from] = now[from].filter((x) => x !== id);
    const target = now[to];
    target.splice(Math.max(0, Math.min(index, target.length)), 0, id);
    LC.setAnswer(c, { [c.valueKey]: now });
    const again = el.querySelector(`[data-column="${CSS.escape(to)}"] li[data-id="${CSS.escape(id)}"]`);
    if (again) again.focus();
  };

  // Keyboard: arrows move the focus, Alt+arrows move the item (within its column, or to the next one).
  const onKey = (e, id, col) => {
    const now = placed();
    const at = now[col].indexOf(id);
    const k = columns.indexOf(col);
    const item = (colName, i) => el.querySelector(`[data-column="${CSS.escape(colName)}"] li:nth-child(${i + 1})`);
    let act = null;
    if (e.altKey && e.key === "ArrowUp" && at > 0) act = () => move(id, col, col, at - 1);
    else if (e.altKey && e.key === "ArrowDown" && at < now[col].length - 1) act = () => move(id, col, col, at + 1);
    else if (e.altKey && e.key === "ArrowLeft" && k > 0) act = () => move(id, col, columns[k - 1], now[columns[k - 1]].length);
    else if (e.altKey && e.key === "ArrowRight" && k < columns.length - 1) act = () => move(id, col, columns[k + 1], now[columns[k + 1]].length);
    else if (!e.altKey && e.key === "ArrowUp" && at > 0) act = () => item(col, at - 1).focus();
    else if (!e.altKey && e.key === "ArrowDown" && at < now[col].length - 1) act = () => item(col, at + 1).focus();
    if (!act) return;
    e.preventDefault();
    e.stopPropagation(); // Alt+arrows are the board's here, not a config hotkey's or the browser's
    act();
  };

  let dragged = null;
  const itemFor = (id, col) => {
    const source = sources.find((li) => li.dataset.id === id);
    const li = document.createElement("li");
    li.className = "lc-ranker-item";
    li.dataset.id = id;
    li.tabIndex = 0;
    li.draggable = true;
    if (source) for (const n of source.childNodes) li.append(n.cloneNode(true));
    else li.textContent = id; // an id the task's list lacks (a pre-label's): kept and shown as it is
    li.addEventListener("dragstart", (e) => { dragged = { id, col }; e.dataTransfer.setData("text/plain", id); e.dataTransfer.effectAllowed = "move"; });
    li.addEventListener("keydown", (e) => onKey(e, id, col));
    return li;
  };

  for (const section of el.querySelectorAll("[data-column]")) {
    const col = section.dataset.column;
    section.addEventListener("dragover", (e) => { if (dragged) { e.preventDefault(); e.dataTransfer.dropEffect = "move"; } });
    section.addEventListener("drop", (e) => {
      if (!dragged) return;
      e.preventDefault();
      // Dropped above the middle of an item goes before it; elsewhere after the last item it passes.
      const rest = [...section.querySelectorAll("li")].filter((li) => li.dataset.id !== dragged.id);
      const before = rest.findIndex((li) => { const b = li.getBoundingClientRect(); return e.clientY < b.top + b.height / 2; });
      const { id, col: from } = dragged;
      dragged = null;
      move(id, from, col, before < 0 ? rest.length : before);
    });
  }
  el.addEventListener("dragend", () => { dragged = null; });

  // Label Studio's editor records an untouched Ranker on submit: every item where it starts.
  LC.beforeSend.push(() => { if (!LC.answerOf(c)) LC.setAnswer(c, { [c.valueKey]: placed() }); });

  return () => {
    const now = placed();
    for (const section of el.querySelectorAll("[data-column]")) {
      const col = section.dataset.column;
      section.querySelector("ol").replaceChildren(...(now[col] || []).map((id) => itemFor(id, col)));
    }
  };
};
