// vitalfew: small enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Filters apply as soon as a select changes.
  for (const sel of document.querySelectorAll("form.filters select")) {
    sel.addEventListener("change", () => sel.form.requestSubmit());
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
