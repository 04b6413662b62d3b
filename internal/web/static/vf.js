// vitalfew's web analytics: put <script defer src="https://CRM/t.js"></script>
// on the site's pages. It sends the page, the referrer and the page's
// query (UTM parameters, vf= codes) to POST /t; no cookies, nothing kept
// in the browser. A form that begins to be filled in sends form_start; a
// form sent sends form_sent with the e-mail typed into it, which the
// server matches to a contact and does not store, and the answer of a
// field named heard_about or how_did_you_hear, which becomes the
// contact's account's "how did you hear about us?" when it has none.
(function () {
  "use strict";
  var s = document.currentScript;
  if (!s || navigator.webdriver) return;
  var endpoint = s.src.replace(/\/t\.js(\?.*)?$/, "/t");
  function send(event, email, heard) {
    var body = JSON.stringify({ e: event, u: location.href, r: document.referrer, m: email || "", h: heard || "" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, body))) {
      fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "omit" });
    }
  }
  send("pageview");
  var begun = [];
  document.addEventListener("input", function (e) {
    var f = e.target && e.target.form;
    if (f && begun.indexOf(f) < 0) { begun.push(f); send("form_start"); }
  }, true);
  document.addEventListener("submit", function (e) {
    var f = e.target, m = f.querySelector && f.querySelector("input[type=email]");
    var h = f.querySelector && f.querySelector("[name=heard_about],[name=how_did_you_hear]");
    send("form_sent", m ? m.value : "", h ? h.value : "");
  }, true);
})();
