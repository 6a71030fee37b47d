// Answers about the whole task: each widget reads its inputs into `value[c.valueKey]` (the key the
// payload model declares for the control) and shows the answer it starts from.
LC.widgets = {};

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

LC.widgets.number = (el, c) => {
  const input = el.querySelector("input");
  const show = () => {
    const own = LC.answerOf(c);
    if (document.activeElement !== input) input.value = own && own.value ? own.value[c.valueKey] : "";
  };
  input.addEventListener("input", () => {
    const n = input.valueAsNumber;
    if (input.value === "") LC.setAnswer(c, null);
    else if (Number.isFinite(n) && input.checkValidity()) LC.setAnswer(c, { [c.valueKey]: n });
  });
  return show;
};

// The input's ISO value, written with the control's strftime `format` when it has one.
const strftime = (iso, format) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(iso);
  if (!format || !m) return iso;
  const parts = { Y: m[1], y: m[1].slice(2), m: m[2], d: m[3], H: m[4] || "00", M: m[5] || "00", S: m[6] || "00", "%": "%" };
  return format.replace(/%([YymdHMS%])/g, (_, k) => parts[k]);
};

LC.widgets.datetime = (el, c) => {
  const input = el.querySelector("input");
  const format = el.dataset.format;
  const show = () => {
    const own = LC.answerOf(c);
    const v = own && own.value ? own.value[c.valueKey] : "";
    // A formatted value cannot go back into a native picker; the answer stays as it is until edited.
    if (document.activeElement !== input) input.value = format ? "" : v;
  };
  input.addEventListener("change", () => LC.setAnswer(c, input.value ? { [c.valueKey]: strftime(input.value, format) } : null));
  return show;
};

// Lines of text: typed into the box, added with Enter or Add; text not yet added still counts.
LC.widgets.textarea = (el, c) => {
  const box = el.querySelector("textarea");
  const list = el.querySelector(".lc-items");
  const lines = () => { const own = LC.answerOf(c); return own && own.value ? [...own.value[c.valueKey]] : []; };
  const add = () => {
    const text = box.value.trim();
    const max = Number(box.dataset.max || 0);
    if (!text || (max && lines().length >= max)) return;
    box.value = "";
    LC.setAnswer(c, { [c.valueKey]: [...lines(), text] });
  };
  box.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); add(); } });
  el.querySelector(".lc-add").addEventListener("click", add);
  for (const b of el.querySelectorAll("[data-insert]")) {
    b.addEventListener("click", () => { box.setRangeText(b.dataset.insert, box.selectionStart, box.selectionEnd, "end"); box.focus(); });
  }
  LC.pending.set(c.name, () => box.value.trim());
  return () => {
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
