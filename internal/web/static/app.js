// vitalfew: small enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Filters apply as soon as a select changes.
  for (const sel of document.querySelectorAll("form.filters select")) {
    sel.addEventListener("change", () => sel.form.requestSubmit());
  }
  // Figures being worked out again: the page reloads when the new ones are
  // there, unless the user has begun typing into a form.
  const upd = document.querySelector("[data-figures]");
  if (upd) {
    let typed = false;
    document.addEventListener("input", () => { typed = true; });
    const tick = async () => {
      const res = await fetch(upd.getAttribute("data-figures"), { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!res.ok) return;
      const s = await res.json();
      if (s.stale) { setTimeout(tick, 2000); return; }
      if (!typed) { location.reload(); return; }
      upd.textContent = upd.getAttribute("data-ready");
    };
    setTimeout(tick, 2000);
  }
  // A running import reloads its status until it is done.
  const job = document.querySelector("[data-import-status]");
  if (job) {
    const url = job.getAttribute("data-import-status");
    const tick = async () => {
      const res = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!res.ok) return;
      const s = await res.json();
      const bar = document.querySelector("progress");
      if (bar) bar.value = s.progress;
      const label = document.querySelector("[data-import-phase]");
      if (label) label.textContent = s.phase;
      if (s.done) { location.reload(); return; }
      setTimeout(tick, 500);
    };
    setTimeout(tick, 500);
  }
});
