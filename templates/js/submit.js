// Submit: required answers first, then a `labelconfig:submit` event, a message to the embedding
// window, and a POST of the JSON when the page was rendered with a submit URL.
LC.missing = () => Object.values(LC.controls).filter((c) => {
  if (!c.required || c.perRegion) return false; // per-region answers are owed per region, not checked here
  const el = document.querySelector(`[data-lc-control="${CSS.escape(c.name)}"], [data-lc-readonly="${CSS.escape(c.name)}"]`);
  if (el && el.closest(".lc-hidden")) return false;
  return !LC.annotation().result.some((r) => r && r.from_name === c.name);
});

LC.submit = async () => {
  const missing = LC.missing();
  if (missing.length) {
    LC.say(missing.map((c) => c.requiredMessage || `${c.name} is required`).join(" · "));
    return null;
  }
  const annotation = LC.annotation();
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
