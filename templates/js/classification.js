// Answers about the whole task: each widget reads its inputs into `value[c.valueKey]` (the key the
// payload model declares for the control) and shows the answer it starts from.

LC.widgets.choices = (el, c) => {
  const select = el.querySelector("select[data-lc-select]");
  const inputs = [...el.querySelectorAll("input")];
  const picked = () => (select ? [...select.selectedOptions].map((o) => o.value).filter(Boolean)
    : inputs.filter((i) => i.checked).map((i) => i.value));
  const show = () => {
    const own = LC.answerOf(c);
    const values = own && own.value && Array.isArray(own.value[c.valueKey]) ? own.value[c.valueKey].flat() : [];
    if (select) for (const o of select.options) o.selected = values.includes(o.value);
    for (const i of inputs) i.checked = values.includes(i.value);
  };
  const save = () => { const v = picked(); LC.setAnswer(c, v.length ? { [c.valueKey]: v } : null); };
  (select ? [select] : inputs).forEach((i) => i.addEventListener("change", save));
  return show;
};

LC.widgets.taxonomy = (el, c) => {
  const boxes = [...el.querySelectorAll("input[data-path]")];
  const show = () => {
    const own = LC.answerOf(c);
    const paths = (own && own.value && own.value[c.valueKey] || []).map((p) => JSON.stringify(p));
    for (const b of boxes) b.checked = paths.includes(JSON.stringify(JSON.parse(b.dataset.path)));
  };
  const save = () => {
    const v = boxes.filter((b) => b.checked).map((b) => JSON.parse(b.dataset.path));
    LC.setAnswer(c, v.length ? { [c.valueKey]: v } : null);
  };
  boxes.forEach((b) => b.addEventListener("change", save));
  return show;
};

// One radio group whose checked value is the answer (Rating as a number, Pairwise as a side).
const radioWidget = (parse) => (el, c) => {
  const inputs = [...el.querySelectorAll("input[type=radio]")];
  const show = () => {
    const own = LC.answerOf(c);
    const v = own && own.value ? own.value[c.valueKey] : undefined;
    for (const i of inputs) {
      i.checked = parse(i.value) === v;
      const star = i.closest(".lc-star");
      if (star) star.classList.toggle("lc-on", v !== undefined && Number(i.value) <= v);
    }
  };
  inputs.forEach((i) => i.addEventListener("change", () => LC.setAnswer(c, { [c.valueKey]: parse(i.value) })));
  return show;
};
LC.widgets.rating = radioWidget(Number);
LC.widgets.pairwise = radioWidget(String);

// As in Label Studio, the number typed is the answer, in range or not; one out of range is named at
// once, and Submit refuses it (LC.invalid) until it is corrected.
LC.widgets.number = (el, c) => {
  const input = el.querySelector("input");
  const show = () => {
    const own = LC.answerOf(c);
    if (document.activeElement !== input) input.value = own && own.value ? own.value[c.valueKey] : "";
  };
  input.addEventListener("input", () => {
    const n = input.valueAsNumber;
    // Half-typed input ("1e", "-") is no number: the answer is cleared rather than left at an older one.
    LC.setAnswer(c, Number.isFinite(n) ? { [c.valueKey]: n } : null);
    LC.say(input.validity.badInput ? `${c.name}: not a number yet.` : LC.numberProblem(c) || "");
  });
  return show;
};

// Why a number cannot be submitted for control `c` (Label Studio's wording), or null; without `value`,
// the answer shown (for the selected region, if per region).
LC.numberProblem = (c, value) => {
  const own = value === undefined ? LC.answerOf(c) : null;
  const v = own && own.value ? own.value[c.valueKey] : value;
  if (typeof v !== "number") return null;
  const errors = [];
  if (typeof c.min === "number" && v < c.min) errors.push(`Value must be greater than or equal to ${c.min}`);
  if (typeof c.max === "number" && v > c.max) errors.push(`Value must be less than or equal to ${c.max}`);
  return errors.length ? `Number "${v}" is not valid: ${errors.join(", ")}.` : null;
};
// A number outside its control's min/max (on any region): the editor refuses to submit it.
LC.checks.push(() => LC.results.flatMap((r) => {
  const c = r && LC.controls[r.from_name];
  return c && c.widget === "number" && r.value ? [LC.numberProblem(c, r.value[c.valueKey])].filter(Boolean) : [];
}));

// The input's ISO value, written with the control's strftime `format` when it has one.
const DATE_PARTS = { Y: "(\\d{4})", y: "(\\d{2})", m: "(\\d{1,2})", d: "(\\d{1,2})", H: "(\\d{1,2})", M: "(\\d{1,2})", S: "(\\d{1,2})" };
const strftime = (iso, format) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(iso);
  if (!format || !m) return iso;
  const parts = { Y: m[1], y: m[1].slice(2), m: m[2], d: m[3], H: m[4] || "00", M: m[5] || "00", S: m[6] || "00", "%": "%" };
  return format.replace(/%([YymdHMS%])/g, (_, k) => parts[k]);
};

// The way back: a value written with `format`, as the ISO text a native input of `kind` shows ("" when
// the value does not follow the format).
const strptime = (text, format, kind) => {
  const keys = [];
  const pattern = format.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%([YymdHMS%])/g, (_, k) => {
    if (k === "%") return "%";
    keys.push(k);
    return DATE_PARTS[k];
  });
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m) return "";
  const got = { Y: "1970", m: "01", d: "01", H: "00", M: "00", S: "00" };
  keys.forEach((k, i) => { got[k === "y" ? "Y" : k] = k === "y" ? `20${m[i + 1]}` : m[i + 1].padStart(2, "0"); });
  const date = `${got.Y}-${got.m}-${got.d}`, time = `${got.H}:${got.M}`;
  return { date, time, month: `${got.Y}-${got.m}`, number: got.Y, "datetime-local": `${date}T${time}` }[kind] ?? "";
};

LC.widgets.datetime = (el, c) => {
  const input = el.querySelector("input");
  const format = el.dataset.format;
  const show = () => {
    const own = LC.answerOf(c);
    const v = own && own.value ? String(own.value[c.valueKey]) : "";
    if (document.activeElement !== input) input.value = format && v ? strptime(v, format, input.type) : v;
  };
  input.addEventListener("change", () => LC.setAnswer(c, input.value ? { [c.valueKey]: strftime(input.value, format) } : null));
  return show;
};

// Lines of text: typed into the box, added with Enter or Add; text not yet added still counts. A
// per-region box keeps one draft per region, so text typed for one region never lands on another.
LC.widgets.textarea = (el, c) => {
  const box = el.querySelector("textarea");
  const list = el.querySelector(".lc-items");
  const max = Number(box.dataset.max || 0);
  const drafts = new Map(); // region id (or "" for the task) -> text typed, not yet added
  const key = () => (c.perRegion ? LC.selected || "" : "");
  let shownFor = key();
  const lines = () => { const own = LC.answerOf(c); return own && own.value ? [...own.value[c.valueKey]] : []; };
  const full = () => max > 0 && lines().length >= max;
  const add = () => {
    const text = box.value.trim();
    if (!text) return;
    if (full()) { LC.say(`${c.name} takes ${max} entr${max === 1 ? "y" : "ies"}: remove one to add another.`); return; }
    box.value = "";
    drafts.delete(key());
    LC.setAnswer(c, { [c.valueKey]: [...lines(), text] });
  };
  box.addEventListener("input", () => drafts.set(key(), box.value));
  box.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); add(); } });
  el.querySelector(".lc-add").addEventListener("click", add);
  for (const b of el.querySelectorAll("[data-insert]")) {
    b.addEventListener("click", () => { box.setRangeText(b.dataset.insert, box.selectionStart, box.selectionEnd, "end"); box.dispatchEvent(new Event("input")); box.focus(); });
  }
  LC.pending.set(c.name, () => [...drafts].map(([region, text]) => [region || null, text.trim()]));
  let note = null;
  return () => {
    if (key() !== shownFor) { shownFor = key(); box.value = drafts.get(shownFor) || ""; }
    // maxSubmissions reached: the box closes, as in Label Studio, so nothing typed goes unrecorded.
    const closed = full() && !box.value;
    for (const i of [box, el.querySelector(".lc-add")]) { i.dataset.lcFull = String(closed); i.disabled = closed; }
    if (closed && !note) {
      note = document.createElement("p");
      note.className = "lc-note lc-full-note";
      note.setAttribute("role", "note");
      el.append(note);
    }
    if (note) { note.textContent = closed ? `${c.name} takes ${max} entr${max === 1 ? "y" : "ies"}: remove one to add another.` : ""; }
    list.replaceChildren(...lines().map((line, i) => {
      const li = document.createElement("li");
      li.textContent = line;
      const del = document.createElement("button");
      del.type = "button";
      del.textContent = "Remove";
      del.setAttribute("aria-label", `Remove entry ${i + 1}`);
      del.addEventListener("click", () => {
        const rest = lines().filter((_, j) => j !== i);
        LC.setAnswer(c, rest.length ? { [c.valueKey]: rest } : null);
      });
      li.append(" ", del);
      return li;
    }));
  };
};
