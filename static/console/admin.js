// frontdesk console, page settings: adding and removing rows of the week grid, the own days
// off and the special days. Without it the form still works (one empty row each). Strict CSP.
(function () {
  "use strict";

  // The form changed: the preview listens for input events.
  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function clearRow(row) {
    row.querySelectorAll("input:not([type=hidden])").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    row.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
    row.querySelectorAll(".field-error, .overnight").forEach(function (e) { e.remove(); });
  }

  document.addEventListener("click", function (e) {
    var add = e.target.closest("button.add-row");
    if (add) {
      var list = document.getElementById(add.dataset.list);
      if (!list || !list.lastElementChild) { return; }
      var copy = list.lastElementChild.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      clearRow(copy);
      list.appendChild(copy);
      var first = copy.querySelector("input:not([type=hidden])");
      if (first) { first.focus(); }
      return;
    }
    var remove = e.target.closest("button.remove-row");
    if (remove) {
      var row = remove.closest("li");
      var parent = row && row.parentElement;
      if (!row || !parent) { return; }
      if (parent.children.length > 1) { row.remove(); } else { clearRow(row); }
      changed(parent);
    }
  });

  // The buttons only work with this script.
  function reveal() {
    document.querySelectorAll("button.add-row[hidden], button.remove-row[hidden]").forEach(function (b) {
      b.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSettle", reveal);
})();
