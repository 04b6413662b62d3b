// vitalfew: small enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The menu (a details element in the header): Escape and a click
  // elsewhere fold it. A browser that cannot style the inside of a details
  // element gets it opened on wide screens, where it is no menu.
  const menu = document.querySelector("details.menu");
  if (menu) {
    if (!CSS.supports("selector(::details-content)")) {
      const wide = matchMedia("(min-width: 701px)");
      const fit = () => { menu.open = wide.matches; };
      fit();
      wide.addEventListener("change", fit);
    }
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && menu.open && getComputedStyle(menu.querySelector("summary")).display !== "none") {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", (e) => {
      if (menu.open && !menu.contains(e.target) && getComputedStyle(menu.querySelector("summary")).display !== "none") menu.open = false;
    });
  }
  // Filters apply as soon as a select changes.
  for (const sel of document.querySelectorAll("form.filters select")) {
    sel.addEventListener("change", () => sel.form.requestSubmit());
  }
  // The account picker of the unmatched mentions searches as one types
  // (GET /api/v1/accounts?q=, the accounts list's search rule) and lists
  // the accounts found as match buttons, as the plain search form does.
  for (const input of document.querySelectorAll("input[data-account-search]")) {
    const list = input.closest("td").querySelector("[data-account-results]");
    if (!list) continue;
    let timer = 0, seq = 0;
    const hidden = (name, value) => {
      const h = document.createElement("input");
      h.type = "hidden"; h.name = name; h.value = value;
      return h;
    };
    const show = (items) => {
      list.replaceChildren();
      if (items.length === 0) {
        const li = document.createElement("li");
        li.textContent = input.getAttribute("data-none");
        list.append(li);
        return;
      }
      for (const a of items) {
        const form = document.createElement("form");
        form.method = "post";
        form.action = input.getAttribute("data-account-search");
        form.append(hidden("account", String(a.id)), hidden("page", input.getAttribute("data-page")), hidden("then", input.getAttribute("data-then")));
        const b = document.createElement("button");
        b.type = "submit";
        b.textContent = a.name;
        form.append(b);
        if (a.domain) {
          const small = document.createElement("small");
          small.textContent = " " + a.domain;
          form.append(small);
        }
        const li = document.createElement("li");
        li.append(form);
        list.append(li);
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) { list.replaceChildren(); return; }
      timer = setTimeout(async () => {
        const mine = ++seq;
        const res = await fetch("/api/v1/accounts?limit=10&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!res.ok || mine !== seq) return;
        const body = await res.json();
        if (mine === seq) show(body.items || []);
      }, 200);
    });
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
