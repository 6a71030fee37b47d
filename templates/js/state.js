// The page's state is the annotation itself: LC.results is the `result` list, changed only here.
const LC = {};
{
  const model = JSON.parse(document.getElementById("lc-model").textContent);
  LC.model = model;
  LC.controls = model.controls || {};
  LC.results = Array.isArray(model.results) ? model.results : [];
  LC.pending = new Map(); // control name -> () => text typed but not yet added (or "")
  const listeners = [];
  const history = [];

  LC.onChange = (fn) => listeners.push(fn);
  LC.changed = () => { for (const fn of listeners) fn(); };
  LC.clone = (x) => JSON.parse(JSON.stringify(x));

  LC.newId = () => {
    let id;
    do { id = Math.random().toString(36).slice(2, 12); } while (LC.results.some((r) => r && r.id === id));
    return id;
  };

  // Before each edit, so Undo can step back.
  LC.remember = () => { history.push(LC.clone(LC.results)); if (history.length > 100) history.shift(); };
  LC.undo = () => {
    if (!history.length) return;
    LC.results.splice(0, LC.results.length, ...history.pop());
    LC.changed();
  };

  // A result taken over from a model and then edited says so, as in Label Studio.
  const originAfterEdit = (old) => {
    if (!old || !old.origin) return "manual";
    return old.origin === "prediction" ? "prediction-changed" : old.origin;
  };
  LC.originAfterEdit = originAfterEdit;

  LC.result = (c, value, extra) => {
    const r = { id: LC.newId(), from_name: c.name, to_name: c.toName, type: c.type };
    Object.assign(r, extra || {});
    r.value = value;
    r.origin = "manual";
    return r;
  };

  // The region a per-region answer belongs to: the selected region (a result other controls point at).
  LC.regionOf = (id) => LC.results.find((r) => r && r.id === id && r.value && LC.controls[r.from_name]
    && LC.controls[r.from_name].makesRegions);

  // The one answer of a classification control, or (perRegion) its answer for the selected region.
  LC.answerOf = (c) => LC.results.find((r) => r && r.from_name === c.name && r.type === c.type
    && (!c.perRegion || (LC.selected && r.id === LC.selected)));

  // A per-region answer shares its region's id and repeats its geometry, as Label Studio writes it.
  const onRegion = (c, value) => {
    const region = LC.regionOf(LC.selected);
    if (!region) return null;
    const own = LC.controls[region.from_name];
    const geometry = Object.fromEntries(Object.entries(region.value).filter(([k]) => k !== own.labelsKey));
    const r = { id: region.id, from_name: c.name, to_name: region.to_name, type: c.type };
    for (const k of ["original_width", "original_height", "image_rotation"]) if (k in region) r[k] = region[k];
    r.value = { ...geometry, ...value };
    return r;
  };

  LC.setAnswer = (c, value) => {
    if (c.perRegion && !LC.regionOf(LC.selected)) return;
    LC.remember();
    const old = LC.answerOf(c);
    const i = LC.results.indexOf(old);
    if (value === null) {
      if (i >= 0) LC.results.splice(i, 1);
    } else {
      const r = c.perRegion ? onRegion(c, value)
        : { id: old && old.id ? old.id : LC.newId(), from_name: c.name, to_name: c.toName, type: c.type, value };
      r.origin = originAfterEdit(old);
      if (i >= 0) LC.results[i] = r; else LC.results.push(r);
    }
    LC.changed();
  };

  LC.addResult = (r) => { LC.remember(); LC.results.push(r); LC.changed(); };

  LC.locked = new Set(); // region ids locked against edits and deletion (view state, not recorded)
  // A region goes with the relations and per-region answers that point at it.
  LC.removeRegion = (id) => {
    if (LC.locked.has(id)) { LC.say("This region is locked: unlock it to delete it."); return; }
    LC.remember();
    const keep = LC.results.filter((r) => !(r && (r.id === id || r.from_id === id || r.to_id === id)));
    LC.results.splice(0, LC.results.length, ...keep);
    LC.changed();
  };

  // Typed text keeps one id until it is added, so two reads of the same state give the same annotation.
  const pendingIds = new Map();
  const pendingId = (name) => {
    if (!pendingIds.has(name)) pendingIds.set(name, LC.newId());
    return pendingIds.get(name);
  };

  LC.annotation = () => {
    const result = LC.clone(LC.results);
    for (const [name, typed] of LC.pending) {
      const text = typed();
      const c = LC.controls[name];
      if (!text || c.perRegion) continue; // per-region text needs its region: added with Enter
      const own = result.find((r) => r && r.from_name === name && r.type === c.type);
      if (own) own.value[c.valueKey] = [...own.value[c.valueKey], text];
      else result.push(Object.assign(LC.result(c, { [c.valueKey]: [text] }), { id: pendingId(name) }));
    }
    return { result };
  };

  LC.say = (text) => { document.getElementById("lc-message").textContent = text; };
  LC.control = (el) => LC.controls[el.dataset.lcControl];
}
