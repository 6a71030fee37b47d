// Labels on Text: select with the mouse (a double-click selects a word) -> a region with start/end
// in code points, as Python and Label Studio's results count them, and the text it covers.
LC.activeLabels = (controlEl) =>
  [...controlEl.querySelectorAll(".lc-label[aria-pressed=true]")].map((b) => b.dataset.label);

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

LC.widgets.spans = (el, c) => {
  const body = document.querySelector(`[data-lc-text="${CSS.escape(c.toName)}"]`);
  if (!body) return () => {};
  const text = body.textContent;
  const cp = codePoints(text);
  body.addEventListener("mouseup", () => {
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
    LC.addResult(LC.result(c, value));
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
    if (color) mark.style.setProperty("--lc-span", color);
    parts.push(mark);
  }
  body.replaceChildren(...parts);
};
