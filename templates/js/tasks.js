"use strict";
// Steps through many tasks: one frame per task, made on first visit and kept (hidden) afterwards, so
// each form keeps its own state. Publishes the multi-task page contract on window.labelconfig.
{
  const spec = JSON.parse(document.getElementById("lc-tasks").textContent);
  const count = spec.tasks.length;
  const frames = new Array(count).fill(null); // task index -> {el, ready}
  const submitted = new Set();
  const stage = document.getElementById("lc-frames");
  const position = document.getElementById("lc-position");
  const prev = document.getElementById("lc-prev");
  const next = document.getElementById("lc-next");
  let current = -1;

  const onKey = (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === "ArrowRight") { e.preventDefault(); go(current + 1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); go(current - 1); }
  };

  const frame = (i) => {
    if (frames[i]) return frames[i];
    const el = document.createElement("iframe");
    el.title = `Task ${i + 1} of ${count}`;
    el.hidden = true;
    const ready = new Promise((resolve) => {
      el.addEventListener("load", () => {
        // Keys pressed inside a form stay in its document: the shortcuts listen there too.
        el.contentWindow.addEventListener("keydown", onKey);
        resolve();
      }, { once: true });
    });
    const t = spec.tasks[i];
    el.srcdoc = spec.shell[0] + t.body + spec.shell[1] + t.model + spec.shell[2];
    stage.append(el);
    frames[i] = { el, ready };
    return frames[i];
  };

  const form = (i) => (frames[i] ? frames[i].el.contentWindow.labelconfig : undefined);

  // A task's annotation as it stands: from its form once opened, else the results it starts from.
  const annotationOf = (i) => {
    const f = form(i);
    return f ? f.annotation() : { result: JSON.parse(JSON.stringify(spec.tasks[i].results)) };
  };

  // A task's record as it was given (`id`, predictions, earlier annotations with their `id` and
  // `completed_by`), with the annotator's work: the annotation the form started from updated in place,
  // else a new one. Only work counts: a task submitted, or changed in its form; a task merely stepped
  // through keeps what it had, so a model's prediction never passes for an annotator's answer.
  const annotations = () => spec.tasks.map((t, i) => {
    const record = JSON.parse(JSON.stringify(t.record));
    const list = Array.isArray(record.annotations) ? record.annotations : [];
    const f = form(i);
    if (submitted.has(i) || (f && f.edited())) {
      const annotation = annotationOf(i);
      if (t.editing !== null && list[t.editing]) list[t.editing] = { ...list[t.editing], result: annotation.result };
      else list.push(annotation);
    }
    return { ...record, data: t.data, annotations: list };
  });

  const go = async (i) => {
    if (i < 0 || i >= count || i === current) return;
    document.documentElement.dataset.lcReady = "false";
    const f = frame(i);
    if (current >= 0) frames[current].el.hidden = true;
    current = i;
    f.el.hidden = false;
    position.textContent = `Task ${i + 1} of ${count}`;
    prev.disabled = i === 0;
    next.disabled = i === count - 1;
    document.documentElement.dataset.lcTask = String(i);
    await f.ready;
    if (i === current) document.documentElement.dataset.lcReady = "true";
  };

  const download = () => {
    const blob = new Blob([JSON.stringify(annotations(), null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "annotations.json";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 0);
  };

  // A form's Submit: the task counts as done and the next one opens.
  window.addEventListener("message", (e) => {
    const i = frames.findIndex((f) => f && f.el.contentWindow === e.source);
    if (i < 0 || !e.data || e.data.type !== "labelconfig:submit") return;
    submitted.add(i);
    if (window.parent !== window) window.parent.postMessage({ ...e.data, task: i }, "*");
    if (i === current) go(i + 1);
  });
  prev.addEventListener("click", () => go(current - 1));
  next.addEventListener("click", () => go(current + 1));
  document.getElementById("lc-download").addEventListener("click", download);
  document.addEventListener("keydown", onKey);

  window.labelconfig = Object.freeze({
    annotation: () => annotationOf(current), // a frame still loading gives the results it starts from
    annotations,
    submit: () => form(current).submit(),
    undo: () => form(current).undo(),
    go: (i) => go(i),
    task: () => current,
    count,
    version: 1,
  });
  go(0);
}
