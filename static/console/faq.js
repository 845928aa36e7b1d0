// The FAQ editor: a chosen file of labelled messages fills the text area it names, so it is
// sent like pasted text. Runs under the console's strict CSP (no inline code).
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input || input.type !== "file" || !input.dataset.fills) { return; }
    var area = document.getElementById(input.dataset.fills);
    var file = input.files && input.files[0];
    if (!area || !file) { return; }
    file.text().then(function (text) { area.value = text; area.focus(); });
  });
})();
