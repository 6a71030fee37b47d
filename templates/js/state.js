// The page's state is the annotation itself: LC.results is the `result` list, changed only here.
const LC = {};
{
  const model = JSON.parse(document.getElementById("lc-model").textContent);
  LC.model = model;
  LC.controls = model.controls || {};
  LC.results = Array.isArray(model.results) ? model.results : [];
  // control name -> () => [[region id or null, text]]: text typed but not yet added, with the region
  // it was typed for (per-region controls) or null
  LC.pending = new Map();
  const listeners = [];
  const history = [];

  // What runs just before an annotation is submitted (results the editor writes only then).
  LC.beforeSend = [];
  // Why Submit is refused besides a missing answer: each widget that can hold an answer the editor
  // would refuse adds its check here (a function returning messages), so Submit knows of no widget.
  LC.checks = [];
  // Widget name -> (control element, control) => redraw function; each widget's module adds its own.
  LC.widgets = {};
  // [keys, what they do] rows of the `?` panel that a tool's module adds, so the panel lists the keys
  // of the tools on the page only (keys.js holds the page's own).
  LC.keyHelp = [];
  LC.onChange = (fn) => listeners.push(fn);
  LC.changed = () => { for (const fn of listeners) fn(); };
  LC.clone = (x) => JSON.parse(JSON.stringify(x));

  LC.newId = () => {
    let id;
    do { id = Math.random().toString(36).slice(2, 12); } while (LC.results.some((r) => r && r.id === id));
    return id;
  };

  // Before each edit, so Undo can step back (and a new edit forgets what Redo could bring back).
  const future = [];
  LC.remember = () => {
    history.push(LC.clone(LC.results));
    if (history.length > 100) history.shift();
    future.length = 0;
  };
  const step = (from, to) => {
    if (!from.length) return;
    to.push(LC.clone(LC.results));
    LC.results.splice(0, LC.results.length, ...from.pop());
    LC.changed();
  };
  LC.undo = () => step(history, future);
  LC.redo = () => step(future, history);

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
  const onRegion = (c, value, id = LC.selected) => {
    const region = LC.regionOf(id);
    if (!region) return null;
    const own = LC.controls[region.from_name];
    const geometry = own.geometry ? Object.fromEntries(Object.entries(region.value).filter(([k]) => k !== own.labelsKey)) : {};
    const r = { id: region.id, from_name: c.name, to_name: region.to_name, type: c.type };
    for (const k of ["original_width", "original_height", "image_rotation", "original_length"]) if (k in region) r[k] = region[k];
    r.value = { ...geometry, ...value };
    return r;
  };

  // `region` answers for a region other than the selected one (text typed for it before moving on).
  LC.setAnswer = (c, value, region = LC.selected) => {
    if (c.perRegion && !LC.regionOf(region)) return;
    LC.remember();
    const old = c.perRegion ? LC.results.find((r) => r && r.from_name === c.name && r.type === c.type && r.id === region)
      : LC.answerOf(c);
    const i = LC.results.indexOf(old);
    if (value === null) {
      if (i >= 0) LC.results.splice(i, 1);
    } else {
      const r = c.perRegion ? onRegion(c, value, region)
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
      const c = LC.controls[name];
      for (const [region, text] of typed()) {
        if (!text) continue;
        const own = result.find((r) => r && r.from_name === name && r.type === c.type && (!region || r.id === region));
        if (own) own.value[c.valueKey] = [...own.value[c.valueKey], text];
        else if (!region) result.push(Object.assign(LC.result(c, { [c.valueKey]: [text] }), { id: pendingId(name) }));
        else {
          const r = onRegion(c, { [c.valueKey]: [text] }, region);
          if (r) result.push(Object.assign(r, { origin: "manual" }));
        }
      }
    }
    return { result };
  };

  // What the form started from, and what was last submitted: the annotator's own work is what differs.
  const initial = JSON.stringify(LC.results);
  let saved = initial;
  const now = () => JSON.stringify(LC.annotation().result);
  LC.edited = () => now() !== initial;
  LC.unsaved = () => now() !== saved;
  LC.markSaved = () => { saved = now(); };

  LC.say = (text) => { document.getElementById("lc-message").textContent = text; };
  LC.control = (el) => LC.controls[el.dataset.lcControl];
}
