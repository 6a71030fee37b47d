// Region lists (select, delete), relations between two regions, and what a region looks like.
LC.selected = null;

// The labels pressed on a control's palette: what a region drawn now (a span, a box, a segment) gets.
LC.activeLabels = (controlEl) =>
  [...controlEl.querySelectorAll(".lc-label[aria-pressed=true]")].map((b) => b.dataset.label);

LC.labelsOf = (r) => {
  const c = LC.controls[r.from_name];
  const key = c && c.labelsKey ? c.labelsKey : Object.keys(r.value || {}).find((k) => k.endsWith("labels"));
  return key && Array.isArray(r.value[key]) ? r.value[key] : null;
};

LC.colorOf = (r) => {
  const labels = LC.labelsOf(r);
  if (!labels || !labels.length) return null;
  for (const b of document.querySelectorAll(`[data-lc-control="${CSS.escape(r.from_name)}"] .lc-label[data-color]`)) {
    if (b.dataset.label === labels[0] && CSS.supports("color", b.dataset.color)) return b.dataset.color;
  }
  return null;
};

const describe = (r) => {
  const labels = (LC.labelsOf(r) || []).join(", ") || r.type;
  const v = r.value || {};
  if (typeof v.text === "string") return `${labels}: “${v.text}”`;
  if (v.chatmessage && typeof v.chatmessage === "object") return `${v.chatmessage.role} message: “${v.chatmessage.content}”`;
  if (typeof v.width === "number" && typeof v.height === "number") return `${labels}: box at ${Math.round(v.x)}%, ${Math.round(v.y)}%`;
  if (typeof v.instant === "boolean") return `${labels}: ${v.instant ? v.start : `${v.start} – ${v.end}`}`; // time series: in its own units
  if (typeof v.start === "number" && typeof v.end === "number") return `${labels}: ${v.start.toFixed(2)}–${v.end.toFixed(2)} s`;
  if (Array.isArray(v.points)) return `${labels}: polygon of ${v.points.length} points`;
  const first = (list) => (Array.isArray(list) ? list.find((q) => q && typeof q === "object") : null);
  if (first(v.sequence)) return `${labels}: box from frame ${first(v.sequence).frame}`;
  if (first(v.ranges)) return `${labels}: frames ${first(v.ranges).start}–${first(v.ranges).end}`;
  return labels;
};

// A text button with its accessible name (and what a click does, when given): every toolbar and list
// of the page builds its buttons with this.
LC.button = (text, label, onClick) => {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  if (onClick) b.addEventListener("click", onClick);
  return b;
};

// Move or resize a region: its geometry changes in every result sharing its id (per-region answers
// repeat it), each keeping its own answer.
// Which edge of a span's element (an audio segment, a timeline range) a press is on: within a few
// pixels of its start or end side, or null for its middle.
const EDGE_PX = 6;
LC.edgeAt = (e, el) => {
  const box = el.getBoundingClientRect();
  return e.clientX - box.left <= EDGE_PX ? "start" : box.right - e.clientX <= EDGE_PX ? "end" : null;
};

LC.commitGeometry = (region, value) => {
  const own = LC.controls[region.from_name];
  const geometry = Object.fromEntries(Object.entries(value).filter(([k]) => !own || k !== own.labelsKey));
  LC.remember();
  for (const r of LC.results) {
    if (!r || r.id !== region.id || r.to_name !== region.to_name || !r.value) continue;
    if (Array.isArray(r.value.points) !== Array.isArray(geometry.points)) continue;
    r.value = { ...r.value, ...geometry };
    r.origin = LC.originAfterEdit(r);
  }
  LC.changed();
};

LC.select = (id) => {
  if (LC.linkFrom && id && id !== LC.linkFrom) {
    const rel = { from_id: LC.linkFrom, to_id: id, type: "relation", direction: "right" };
    LC.linkFrom = null;
    LC.say("Relation added: pick its label and direction in the relation list.");
    LC.addResult(rel);
    return;
  }
  LC.selected = id;
  LC.changed();
};

LC.drawRegionList = (el, c) => {
  const list = document.querySelector(`.lc-regions[data-lc-for="${CSS.escape(c.name)}"]`);
  if (!list) return;
  const mine = LC.results.filter((r) => r && r.from_name === c.name && r.value);
  list.replaceChildren(...mine.map((r, i) => {
    const li = document.createElement("li");
    const pick = LC.button(describe(r), `Select region ${i + 1}`, () => LC.select(r.id));
    if (r.id === LC.selected) { li.classList.add("lc-selected"); pick.setAttribute("aria-pressed", "true"); }
    li.append(pick, LC.button("Delete", `Delete region ${i + 1}`, () => LC.removeRegion(r.id)));
    if (LC.model.relations && r.id) li.append(LC.button("Link", `Link region ${i + 1} to another`, () => { LC.linkFrom = r.id; LC.say("Now pick the region to link to."); }));
    return li;
  }));
};

// A relation names its regions as the region lists do, with its direction (→ ← ↔) and label to pick.
const ARROWS = { right: "→", left: "←", bi: "↔" };
const NEXT_DIRECTION = { right: "left", left: "bi", bi: "right" };
const nameOf = (id) => { const r = LC.regionOf(id); return r ? describe(r) : `region ${id}`; };

const editRelation = (r, change) => {
  LC.remember();
  const i = LC.results.indexOf(r);
  LC.results[i] = { ...r, ...change };
  if (LC.results[i].labels && !LC.results[i].labels.length) delete LC.results[i].labels;
  LC.changed();
};

// Several labels per relation, as the editor allows by default, or one with <Relations choice="single">.
const relationLabel = (r, n) => {
  const multiple = document.querySelector(".lc-relations[data-choice=multiple]") !== null;
  const pick = document.createElement("select");
  pick.multiple = multiple;
  pick.setAttribute("aria-label", `Label${multiple ? "s" : ""} of relation ${n}`);
  const labels = r.labels || [];
  for (const value of [...(multiple ? [] : [""]), ...(LC.model.relations || [])]) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = value || "(no label)";
    o.selected = value ? labels.includes(value) : !labels.length;
    pick.append(o);
  }
  pick.addEventListener("change", () => editRelation(r, { labels: [...pick.selectedOptions].map((o) => o.value).filter(Boolean) }));
  return pick;
};

LC.drawRelations = () => {
  const list = document.querySelector(".lc-relation-list");
  if (!list) return;
  const rels = LC.results.filter((r) => r && r.type === "relation");
  list.replaceChildren(...rels.map((r, k) => {
    const n = k + 1;
    const li = document.createElement("li");
    const [from, to] = [nameOf(r.from_id), nameOf(r.to_id)];
    li.append(`${from} ${ARROWS[r.direction] || "→"} ${to} `);
    const turn = LC.button(ARROWS[r.direction] || "→", `Direction of relation ${n}: ${r.direction || "right"} (change)`,
      () => editRelation(r, { direction: NEXT_DIRECTION[r.direction] || "right" }));
    if (LC.model.relations && LC.model.relations.length) li.append(relationLabel(r, n));
    li.append(turn, LC.button("Delete", `Delete relation ${n}`, () => {
      LC.remember();
      LC.results.splice(LC.results.indexOf(r), 1);
      LC.changed();
    }));
    return li;
  }));
};

// Clicks on drawn regions select them (for relations and Delete).
document.addEventListener("click", (e) => {
  const hit = e.target.closest && e.target.closest("[data-region]");
  if (hit && hit.dataset.region && !activeToolPressed()) LC.select(hit.dataset.region);
});
const activeToolPressed = () => document.querySelector(".lc-control[data-to-name] .lc-label[aria-pressed=true]") !== null
  && !document.querySelector("[data-widget=spans] .lc-label[aria-pressed=true]");

// A per-region control answers for the selected region; without one it waits, saying so.
LC.waitForRegion = (el) => {
  const region = LC.selected ? LC.regionOf(LC.selected) : null;
  for (const i of el.querySelectorAll("input, textarea, select, button")) i.disabled = !region || i.dataset.lcFull === "true";
  let note = el.querySelector(".lc-region-note");
  if (!note) {
    note = document.createElement("p");
    note.className = "lc-note lc-region-note";
    note.setAttribute("role", "note");
    el.append(note);
  }
  note.textContent = region ? `Answering for region: ${describe(region)}` : "Select a region to answer.";
};

// A label of the selected region's own control, clicked, relabels the region, as in the editor
// (image tools and audio segments call this with the pressed label button). A video box takes its
// labels from the Labels on its Video (`c`), merged into the box's own result.
LC.relabel = (region, b, c = LC.controls[region.from_name]) => {
  const label = b.dataset.label;
  if (!c || !c.labelsKey || LC.locked.has(region.id)) return;
  if ((region.value[c.labelsKey] || []).join("\n") === label) return;
  if (LC.overused(c, [label], region.from_name)) return;
  b.setAttribute("aria-pressed", "true");
  LC.remember();
  region.value = { ...region.value, [c.labelsKey]: [label] };
  region.origin = LC.originAfterEdit(region);
  LC.changed();
};

// maxUsages: a label already on that many regions of its control is not used again. The regions are
// the control's own results, or (`from`) another control's that its labels are merged into (a Video's
// boxes carry the labels of the Labels on the Video).
LC.overused = (c, labels, from = c.name) => {
  for (const b of document.querySelectorAll(`[data-lc-control="${CSS.escape(c.name)}"] .lc-label[data-max-usages]`)) {
    if (!labels.includes(b.dataset.label)) continue;
    const used = LC.results.filter((r) => r && r.from_name === from && (LC.labelsOf(r) || []).includes(b.dataset.label)).length;
    if (used >= Number(b.dataset.maxUsages)) {
      LC.say(`${b.dataset.label} may be used on ${b.dataset.maxUsages} region(s) only.`);
      return true;
    }
  }
  return false;
};

// Region lists and relations sit in a sidebar beside the objects (Label Studio's outliner): a long text
// or a crowded image no longer pushes the content down. Narrow screens stack it after the content.
LC.setupSidebar = () => {
  const form = document.getElementById("lc-form");
  const lists = [...document.querySelectorAll("[data-lc-control] .lc-regions")];
  const relations = document.querySelector(".lc-relations");
  if (!form || (!lists.length && !relations)) return;
  const main = document.createElement("div");
  main.className = "lc-main";
  const aside = document.createElement("aside");
  aside.className = "lc-sidebar";
  aside.setAttribute("aria-label", "Regions");
  for (const list of lists) {
    const name = list.closest("[data-lc-control]").dataset.lcControl;
    list.dataset.lcFor = name;
    const section = document.createElement("section");
    // Still part of its control, shown elsewhere: `[data-lc-control=NAME] .lc-regions` finds it as before.
    section.dataset.lcControl = name;
    const title = document.createElement("h2");
    title.textContent = `Regions of ${name}`;
    section.append(title, list);
    aside.append(section);
  }
  if (relations) aside.append(relations);
  main.append(...[...form.childNodes]);
  form.append(main, aside);
  form.classList.add("lc-with-sidebar");
};
