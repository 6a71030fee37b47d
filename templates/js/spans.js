// Labels on Text: select with the mouse (a double-click selects a word) -> a region with start/end
// in code points, as Python and Label Studio's results count them, and the text it covers.

// UTF-16 index <-> code point index; identity unless the text has astral characters.
const codePoints = (text) => {
  if (!/[\uD800-\uDFFF]/.test(text)) return { toCp: (i) => i, toUnit: (i) => i };
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  const toCp = (u) => { let lo = 0; while (units[lo] < u) lo++; return lo; };
  return { toCp, toUnit: (cp) => units[Math.min(cp, units.length - 1)] };
};

const offsetIn = (body, node, offset) => {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let total = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n === node) return total + offset;
    total += n.data.length;
  }
  if (node === body || body.contains(node)) { // an element boundary: count the text before it
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }
  return total;
};

// A UTF-16 index of the text as a (text node, offset) place, wherever highlights split the text.
const placeOf = (body, unit) => {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (unit <= n.data.length) return [n, unit];
    unit -= n.data.length;
    last = n;
  }
  return last ? [last, last.data.length] : [body, 0];
};

// Where a key moves the caret: by character (never inside a surrogate pair), by word with Ctrl, to
// either end with Home/End.
const moveCaret = (text, at, key, byWord) => {
  if (key === "Home") return 0;
  if (key === "End") return text.length;
  const step = key === "ArrowRight" ? 1 : -1;
  let i = at;
  const inPair = (k) => k > 0 && k < text.length && /[\uDC00-\uDFFF]/.test(text[k]);
  const move = () => { i = Math.max(0, Math.min(text.length, i + step)); if (inPair(i)) i += step; };
  move();
  if (byWord) {
    const word = (k) => /[\p{L}\p{N}_]/u.test(text[k] || "");
    if (step > 0) { while (i < text.length && !word(i - 1)) move(); while (i < text.length && word(i)) move(); }
    else { while (i > 0 && !word(i)) move(); while (i > 0 && word(i - 1)) move(); }
  }
  return i;
};

LC.keyHelp.push(["Shift+Arrows", "Select text in a focused text, then press a label's key to mark it"]);

LC.widgets.spans = (el, c) => {
  const body = document.querySelector(`[data-lc-text="${CSS.escape(c.toName)}"]`);
  if (!body) return () => {};
  const text = body.textContent;
  const cp = codePoints(text);
  const mark = () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !body.contains(sel.anchorNode) || !body.contains(sel.focusNode)) return;
    const range = sel.getRangeAt(0);
    let start = offsetIn(body, range.startContainer, range.startOffset);
    let end = offsetIn(body, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(text[start])) start++; // a double-click may take the space after a word
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (start >= end) return;
    const labels = LC.activeLabels(el);
    if (!labels.length) { LC.say(`Pick a label of ${c.name} first, then select the text.`); return; }
    sel.removeAllRanges();
    if (LC.overused(c, labels)) return;
    const value = { start: cp.toCp(start), end: cp.toCp(end), text: text.slice(start, end) };
    if (c.labelsKey) value[c.labelsKey] = labels;
    LC.say("");
    caret = end;
    LC.addResult(LC.result(c, value));
  };
  body.addEventListener("mouseup", mark);
  // Text selected first, then a label pressed (its hotkey or a click): the selection is marked.
  el.addEventListener("click", (e) => { if (e.target.closest(".lc-label") && LC.activeLabels(el).length) mark(); });

  // From the keyboard: the text takes focus, arrows move a caret, Shift+arrows select.
  let caret = 0;
  body.tabIndex = 0;
  body.setAttribute("role", "textbox");
  body.setAttribute("aria-readonly", "true");
  body.setAttribute("aria-multiline", "true");
  body.setAttribute("aria-label", `Text ${c.toName}: Shift+arrow keys select, then a label of ${c.name} marks the selection`);
  body.addEventListener("keydown", (e) => {
    if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(e.key) || e.altKey || e.metaKey) return;
    e.preventDefault();
    const sel = window.getSelection();
    let anchor = caret;
    if (sel.rangeCount && body.contains(sel.anchorNode) && body.contains(sel.focusNode)) {
      anchor = offsetIn(body, sel.anchorNode, sel.anchorOffset);
      caret = offsetIn(body, sel.focusNode, sel.focusOffset);
    }
    if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      // A line up or down as the text is laid out: the browser knows where lines wrap.
      sel.setBaseAndExtent(...placeOf(body, e.shiftKey ? anchor : caret), ...placeOf(body, caret));
      sel.modify(e.shiftKey ? "extend" : "move", e.key === "ArrowDown" ? "forward" : "backward", "line");
      if (body.contains(sel.focusNode)) caret = offsetIn(body, sel.focusNode, sel.focusOffset);
      if (!e.shiftKey) anchor = caret;
    } else {
      caret = moveCaret(text, caret, e.key, e.ctrlKey);
      if (!e.shiftKey) anchor = caret;
    }
    sel.setBaseAndExtent(...placeOf(body, anchor), ...placeOf(body, caret));
  });
  return () => LC.drawSpans(body, text, cp, c.toName);
};

// Highlights for every span on this text, whichever control wrote it; overlaps nest by boundary.
LC.drawSpans = (body, text, cp, toName) => {
  const spans = LC.results.filter((r) => r && r.to_name === toName && r.value
    && Number.isInteger(r.value.start) && Number.isInteger(r.value.end));
  const cuts = new Set([0, text.length]);
  const ranges = spans.map((r) => [cp.toUnit(r.value.start), cp.toUnit(r.value.end), r]);
  for (const [s, e] of ranges) { cuts.add(Math.max(0, Math.min(s, text.length))); cuts.add(Math.max(0, Math.min(e, text.length))); }
  const points = [...cuts].sort((a, b) => a - b);
  const parts = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const covering = ranges.filter(([s, e]) => s <= a && e >= b);
    if (!covering.length) { parts.push(document.createTextNode(text.slice(a, b))); continue; }
    const mark = document.createElement("mark");
    mark.className = "lc-span";
    mark.textContent = text.slice(a, b);
    const top = covering[covering.length - 1][2];
    mark.dataset.region = top.id || "";
    mark.title = (LC.labelsOf(top) || []).join(", ");
    const color = LC.colorOf(top);
    if (color) { mark.style.setProperty("--lc-span", color); mark.style.setProperty("--lc-span-ink", LC.inkOn(color)); }
    parts.push(mark);
  }
  body.replaceChildren(...parts);
};
