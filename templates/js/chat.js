// Chat: a message the annotator sends is a `chatmessage` result {role, content, createdAt (ms)} whose
// from_name and to_name are the Chat's name, as Label Studio's editor records it. Added and predicted
// messages are regions: selecting one lets per-region controls answer about it. `maxMessages` and
// `minMessages` count every message, the task's own included.
LC.widgets.chat = (el, c) => {
  const log = document.querySelector(`[data-lc-object="${CSS.escape(c.toName)}"] .lc-dialogue`);
  const [role, text, send] = [el.querySelector(".lc-chat-role"), el.querySelector(".lc-chat-text"), el.querySelector(".lc-add")];
  const imported = Number(el.dataset.imported) || 0;
  const max = Number.parseInt(el.dataset.max, 10);
  const mine = () => LC.results.filter((r) => r && r.from_name === c.name && r.type === c.type && r.value && r.value.chatmessage);
  const full = () => Number.isFinite(max) && imported + mine().length >= max;

  const add = () => {
    const content = text.value.trim();
    if (!content) return;
    if (full()) { LC.say(`${c.name} holds at most ${max} messages.`); return; }
    const r = LC.result(c, { chatmessage: { role: role.value, content, createdAt: Date.now() } });
    text.value = "";
    LC.addResult(r);
    LC.select(r.id); // a new message is selected, as a new region is, so its per-region answers show at once
  };
  send.addEventListener("click", add);
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); add(); }
  });

  return () => {
    for (const li of log.querySelectorAll(".lc-chat-region")) li.remove();
    for (const r of mine()) {
      const { role: who, content } = r.value.chatmessage;
      const li = document.createElement("li");
      li.className = "lc-chat-region";
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.region = r.id;
      b.setAttribute("aria-pressed", String(r.id === LC.selected));
      const name = document.createElement("b");
      name.textContent = String(who);
      b.append(name, ` ${content}`);
      li.classList.toggle("lc-selected", r.id === LC.selected);
      li.append(b);
      log.append(li);
    }
    send.disabled = full();
  };
};

// Fewer messages than `minMessages`: Label Studio's editor refuses to submit.
LC.checks.push(() => [...document.querySelectorAll("[data-widget=chat]")].flatMap((el) => {
  const c = LC.control(el);
  const min = Number.parseInt(el.dataset.min, 10);
  const have = (Number(el.dataset.imported) || 0) + LC.results.filter((r) => r && r.from_name === c.name && r.type === c.type).length;
  return Number.isFinite(min) && have < min ? [`${c.name} needs at least ${min} messages (it has ${have})`] : [];
}));
