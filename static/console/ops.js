// The admin pages' small helpers (progressive: without scripts everything still works).
// A "Copy" button beside a freshly created token copies it and says so.
(function () {
  "use strict";
  function setUp() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var state = document.getElementById("copy-state");
      if (!field) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (state) { state.textContent = button.getAttribute("data-copied"); } };
        field.focus();
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            if (document.execCommand("copy")) { done(); }
          });
        } else if (document.execCommand("copy")) {
          done();
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
