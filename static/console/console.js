// frontdesk console: keyboard triage, live state, hand-off alerts, the reply counter and
// times in the viewer's zone. No framework; htmx does the requests. Runs under a strict CSP.
(function () {
  "use strict";

  // htmx swaps 4xx answers too: the server renders them where they belong (the panel with the
  // error beside its field, or an alert in #flash via HX-Retarget).
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status >= 400) { e.detail.shouldSwap = true; e.detail.isError = false; }
    // A live refresh of the open conversation keeps what the person is typing.
    var target = e.detail.target;
    if (target && target.id === "conversation" && e.detail.requestConfig && e.detail.requestConfig.verb === "get") {
      var drafts = {};
      ["reply-text", "note-text", "assign-to", "label-add"].forEach(function (id) {
        var field = document.getElementById(id);
        if (field && field.value) { drafts[id] = field.value; }
      });
      var focused = document.activeElement && document.activeElement.id;
      window.__frontdeskDrafts = { drafts: drafts, focused: focused };
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var kept = window.__frontdeskDrafts;
    window.__frontdeskDrafts = null;
    if (kept) {
      Object.keys(kept.drafts).forEach(function (id) {
        var field = document.getElementById(id);
        if (field && !field.disabled && !field.value) { field.value = kept.drafts[id]; }
      });
      if (kept.focused) { var f = document.getElementById(kept.focused); if (f) { f.focus(); } }
    }
    decorate();
  });

  // Times: the page's zone is shown; the viewer's own time on hover.
  function decorate() {
    document.querySelectorAll("time[datetime]").forEach(function (t) {
      if (t.dataset.done) { return; }
      var d = new Date(t.getAttribute("datetime"));
      if (!isNaN(d)) { t.title = (t.title ? t.title + " · " : "") + d.toLocaleString(); }
      t.dataset.done = "1";
    });
    countWaiting();
    counter();
  }

  // The tab title counts conversations nobody holds; a rise can ring and notify.
  var lastUnheld = null;
  var baseTitle = document.title;
  function countWaiting() {
    var cell = document.getElementById("waiting-count");
    if (!cell) { return; }
    var unheld = parseInt(cell.dataset.unheld || "0", 10);
    document.title = (unheld > 0 ? "(" + unheld + ") " : "") + baseTitle;
    if (lastUnheld !== null && unheld > lastUnheld) { alertHandOff(unheld); }
    lastUnheld = unheld;
  }

  function alertHandOff(count) {
    if (localStorage.getItem("frontdesk.notify") !== "on") { return; }
    try { new Audio("/console/static/notify.wav").play().catch(function () {}); } catch (err) { /* no audio */ }
    if ("Notification" in window && Notification.permission === "granted") {
      new Notification("frontdesk", { body: count + " · " + baseTitle, tag: "frontdesk-handoff" });
    }
  }

  function notifyToggle() {
    var box = document.getElementById("notify-toggle");
    if (!box) { return; }
    box.checked = localStorage.getItem("frontdesk.notify") === "on";
    box.addEventListener("change", function () {
      localStorage.setItem("frontdesk.notify", box.checked ? "on" : "off");
      if (box.checked && "Notification" in window && Notification.permission === "default") {
        Notification.requestPermission();
      }
    });
  }

  // The reply box counts as its channel does (Instagram counts bytes).
  function counter() {
    var text = document.getElementById("reply-text");
    if (!text || !text.dataset.limit || text.dataset.counting) { return; }
    text.dataset.counting = "1";
    var out = text.form && text.form.querySelector(".counter");
    var update = function () {
      if (out) { out.textContent = "(" + text.value.length + ")"; }
    };
    text.addEventListener("input", update);
    update();
  }

  // The live connection's state.
  document.addEventListener("htmx:sseOpen", function () { liveState(true); });
  document.addEventListener("htmx:sseError", function () { liveState(false); });
  function liveState(up) {
    var el = document.getElementById("live-state");
    if (el) { el.textContent = up ? "● " + el.dataset.live : "○ " + el.dataset.offline; el.dataset.up = up ? "1" : "0"; }
  }

  // Keyboard first.
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.row")); }
  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var at = all.findIndex(function (r) { return r.classList.contains("selected"); });
    var next = Math.max(0, Math.min(all.length - 1, at + step));
    all.forEach(function (r) { r.classList.remove("selected"); });
    all[next].classList.add("selected");
    all[next].focus();
    sessionStorage.setItem("frontdesk.selected", all[next].id);
  }
  function click(id) { var b = document.getElementById(id); if (b && !b.disabled) { b.click(); } }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || e.target.isContentEditable) {
      if (e.key === "Escape") { e.target.blur(); }
      return;
    }
    var selected = document.querySelector("tr.row.selected");
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter": case "o": if (selected) { window.location = selected.dataset.href; } break;
      case "c": click("claim"); break;
      case "e": click("resolve"); break;
      case "r": var r = document.getElementById("reply-text"); if (r && !r.disabled) { e.preventDefault(); r.focus(); } break;
      case "n": var n = document.getElementById("note-text"); if (n) { e.preventDefault(); n.focus(); } break;
      case "u": window.location = "/console"; break;
      case "?": var d = document.getElementById("shortcuts"); if (d && d.showModal) { d.showModal(); } break;
      default: return;
    }
  });

  // The language switch comes back to where the viewer was.
  function languageLinks() {
    document.querySelectorAll("a.lang-switch").forEach(function (a) {
      a.href = a.getAttribute("href").split("?")[0] + "?back=" + encodeURIComponent(location.pathname + location.search);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    decorate(); notifyToggle(); languageLinks();
    var keep = sessionStorage.getItem("frontdesk.selected");
    var row = keep && document.getElementById(keep);
    if (row) { row.classList.add("selected"); }
  });
})();

// The reply window's countdown: "(in 3 h 12 min)" beside its closing time, kept current.
(function () {
  "use strict";
  function tick() {
    document.querySelectorAll("time.countdown").forEach(function (t) {
      var left = (new Date(t.getAttribute("datetime")) - Date.now()) / 60000;
      var out = t.nextElementSibling && t.nextElementSibling.classList.contains("left") ? t.nextElementSibling : null;
      if (!out) { out = document.createElement("span"); out.className = "left"; t.after(out); }
      if (left <= 0) { out.textContent = ""; return; }
      var h = Math.floor(left / 60), m = Math.floor(left % 60);
      out.textContent = " (" + (h > 0 ? h + " h " : "") + m + " min)";
    });
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  setInterval(tick, 30000);
})();
