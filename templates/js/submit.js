// Submit: required answers first, then a `labelconfig:submit` event, a message to the embedding
// window, and a POST of the JSON when the page was rendered with a submit URL.
LC.missing = () => Object.values(LC.controls).filter((c) => {
  if (!c.required || c.perRegion) return false; // per-region answers are owed per region, not checked here
  const el = document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"], [data-lc-readonly="${CSS.escape(c.name)}"]`);
  if (el && el.closest(".lc-hidden")) return false;
  return !LC.annotation().result.some((r) => r && r.from_name === c.name);
});

// Answers the editor would refuse (a number outside its min/max, a Chat with fewer messages than its
// `minMessages`): the checks of the widgets on this page.
LC.invalid = () => LC.checks.flatMap((check) => check());

LC.submit = async () => {
  for (const fn of LC.beforeSend) fn();
  const problems = [...LC.missing().map((c) => c.requiredMessage || `${c.name} is required`), ...LC.invalid()];
  if (problems.length) {
    LC.say(problems.join(" · "));
    return null;
  }
  const annotation = LC.annotation();
  LC.markSaved();
  LC.say("");
  document.dispatchEvent(new CustomEvent("labelconfig:submit", { detail: annotation, bubbles: true }));
  if (window.parent !== window) window.parent.postMessage({ type: "labelconfig:submit", annotation }, "*");
  if (LC.model.submitUrl) {
    try {
      const res = await fetch(LC.model.submitUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(annotation) });
      LC.say(res.ok ? "Submitted." : `The server answered ${res.status}.`);
    } catch (err) {
      LC.say(`Could not submit: ${err.message}`);
    }
  }
  return annotation;
};

// Leaving with work not yet submitted asks first (a link followed, a reload, the tab closed).
window.addEventListener("beforeunload", (e) => {
  if (!LC.unsaved()) return;
  e.preventDefault();
  e.returnValue = "";
});
