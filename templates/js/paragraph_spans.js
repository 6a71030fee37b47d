// Labels on Paragraphs: a selection becomes the indexes of its first and last utterance (strings,
// as Label Studio writes them) with offsets in code points inside those utterances' text.
const utteranceAt = (node, atEnd) => {
  const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const inside = el && el.closest(".lc-utterance");
  if (inside) return [inside, null];
  const li = el && el.closest("li[data-index]");
  const u = li && li.querySelector(".lc-utterance");
  return u ? [u, atEnd ? u.textContent.length : 0] : [null, null];
};

LC.widgets.paragraphs = (el, c) => {
  const root = document.querySelector(`[data-lc-object="${CSS.escape(c.toName)}"] .lc-dialogue`);
  if (!root) return () => {};
  root.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return;
    const range = sel.getRangeAt(0);
    const [su, sFixed] = utteranceAt(range.startContainer, false);
    const [eu, eFixed] = utteranceAt(range.endContainer, true);
    if (!su || !eu) return;
    const s = sFixed ?? offsetIn(su, range.startContainer, range.startOffset);
    const e = eFixed ?? offsetIn(eu, range.endContainer, range.endOffset);
    const labels = LC.activeLabels(el);
    if (!labels.length) { LC.say(`Pick a label of ${c.name} first, then select the text.`); return; }
    if (LC.overused(c, labels)) return;
    sel.removeAllRanges();
    const [sText, eText] = [su.textContent, eu.textContent];
    const text = su === eu ? sText.slice(s, e) : range.toString();
    const value = {
      start: su.parentElement.dataset.index, end: eu.parentElement.dataset.index,
      startOffset: codePoints(sText).toCp(s), endOffset: codePoints(eText).toCp(e), text,
    };
    if (c.labelsKey) value[c.labelsKey] = labels;
    LC.say("");
    LC.addResult(LC.result(c, value));
  });
  return () => LC.highlightParagraphs(root, c.toName);
};

LC.highlightParagraphs = (root, toName) => {
  if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
  const utterances = root.querySelectorAll(".lc-utterance");
  const ranges = [];
  for (const r of LC.results) {
    const v = r && r.to_name === toName ? r.value : null;
    if (!v || typeof v.startOffset !== "number") continue;
    const a = utterances[Number(v.start)], b = utterances[Number(v.end)];
    if (!a || !b || !a.firstChild || !b.firstChild) continue;
    try {
      const range = document.createRange();
      range.setStart(a.firstChild, codePoints(a.textContent).toUnit(v.startOffset));
      range.setEnd(b.firstChild, codePoints(b.textContent).toUnit(v.endOffset));
      ranges.push([range, LC.colorOf(r)]);
    } catch (err) { /* offsets outside the utterance: listed, not drawn */ }
  }
  LC.paintRanges(toName, ranges);
};
