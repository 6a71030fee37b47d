// Labels on HyperText: a selection becomes XPaths from the HyperText root (`/p[1]/text()[1]`) with
// offsets inside those text nodes and in the whole text, as Label Studio writes them. The markup is
// never changed (later XPaths stay valid); regions are shown with the CSS Custom Highlight API.
const xpathOf = (root, node) => {
  const steps = [];
  for (let n = node; n && n !== root; n = n.parentNode) {
    let k = 1;
    if (n.nodeType === Node.TEXT_NODE) {
      for (let s = n.previousSibling; s; s = s.previousSibling) if (s.nodeType === Node.TEXT_NODE) k++;
      steps.unshift(`text()[${k}]`);
    } else {
      const tag = n.nodeName.toLowerCase();
      for (let s = n.previousElementSibling; s; s = s.previousElementSibling) if (s.nodeName.toLowerCase() === tag) k++;
      steps.unshift(`${tag}[${k}]`);
    }
  }
  return "/" + steps.join("/");
};

// A range boundary on an element, moved onto the text node next to it.
const onText = (root, node, offset, atEnd) => {
  if (node.nodeType === Node.TEXT_NODE) return [node, offset];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const range = document.createRange();
    range.setStart(node, offset);
    const after = range.comparePoint(n, 0) >= 0;
    if (after) return atEnd && last ? [last, last.data.length] : [n, 0];
    last = n;
  }
  return last ? [last, last.data.length] : [node, offset];
};

LC.widgets.htmlspans = (el, c) => {
  const root = document.querySelector(`[data-lc-object="${CSS.escape(c.toName)}"] .lc-html-body`);
  if (!root) return () => {};
  root.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return;
    const range = sel.getRangeAt(0);
    const text = range.toString();
    if (!text.trim()) return;
    const labels = LC.activeLabels(el);
    if (!labels.length) { LC.say(`Pick a label of ${c.name} first, then select the text.`); return; }
    if (LC.overused(c, labels)) return;
    const [sNode, sOff] = onText(root, range.startContainer, range.startOffset, false);
    const [eNode, eOff] = onText(root, range.endContainer, range.endOffset, true);
    const start = offsetIn(root, sNode, sOff);
    sel.removeAllRanges();
    const value = {
      start: xpathOf(root, sNode), end: xpathOf(root, eNode), startOffset: sOff, endOffset: eOff,
      globalOffsets: { start, end: start + text.length }, text,
    };
    if (c.labelsKey) value[c.labelsKey] = labels;
    LC.say("");
    LC.addResult(LC.result(c, value));
  });
  return () => LC.highlightHtml(root, c.toName);
};

const nodeAt = (root, path) => {
  try {
    return document.evaluate("." + path, root, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  } catch (err) {
    return null; // an XPath from another DOM: shown in the region list only
  }
};

LC.highlightHtml = (root, toName) => {
  if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
  const ranges = [];
  for (const r of LC.results) {
    const v = r && r.to_name === toName ? r.value : null;
    if (!v || typeof v.start !== "string") continue;
    const a = nodeAt(root, v.start), b = nodeAt(root, v.end);
    if (!a || !b) continue;
    try {
      const range = document.createRange();
      range.setStart(a, v.startOffset);
      range.setEnd(b, v.endOffset);
      ranges.push([range, LC.colorOf(r)]);
    } catch (err) { /* offsets outside the node: listed, not drawn */ }
  }
  LC.paintRanges(toName, ranges);
};

// Spans drawn with the CSS Custom Highlight API, one highlight per label colour: its `::highlight()`
// rule goes into a stylesheet built through the CSSOM (the CSP allows no inline style), with the ink
// that reads on that colour. Spans without a colour keep the page's own `lc-html` highlight.
const htmlRanges = new Map(); // object name -> [[range, colour or null]]
const paints = new Map(); // colour -> highlight name
let paintSheet = null;
const paintFor = (color) => {
  if (!paints.has(color)) {
    if (!paintSheet) {
      paintSheet = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, paintSheet];
    }
    const name = `lc-span-${paints.size}`;
    paintSheet.insertRule(`::highlight(${name}) { background-color: ${color}; color: ${LC.inkOn(color)}; }`);
    paints.set(color, name);
  }
  return paints.get(color);
};
LC.paintRanges = (toName, ranges) => {
  htmlRanges.set(toName, ranges);
  const byName = new Map([["lc-html", []], ...[...paints.values()].map((n) => [n, []])]);
  for (const [range, color] of [...htmlRanges.values()].flat()) {
    const name = color ? paintFor(color) : "lc-html";
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(range);
  }
  for (const [name, list] of byName) CSS.highlights.set(name, new Highlight(...list));
};
