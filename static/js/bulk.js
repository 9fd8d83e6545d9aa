/* The measure list's bulk bar: 全选 ticks every row on the page; the bar counts what is ticked.
   Delegated on the document, so rows swapped in by a filter (htmx) are covered too. */
(function () {
  function rows() { return document.querySelectorAll('input[name="ids"][form="bulk-form"]'); }
  function count() {
    var n = 0, all = rows();
    for (var i = 0; i < all.length; i++) if (all[i].checked) n++;
    var label = document.querySelector("[data-bulk-count]");
    if (label) label.textContent = "已选 " + n + " 项";
    var head = document.querySelector("[data-bulk-all]");
    if (head) { head.checked = all.length > 0 && n === all.length; head.indeterminate = n > 0 && n < all.length; }
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.hasAttribute && target.hasAttribute("data-bulk-all")) {
      var all = rows();
      for (var i = 0; i < all.length; i++) all[i].checked = target.checked;
    }
    if (target.name === "ids" || (target.hasAttribute && target.hasAttribute("data-bulk-all"))) count();
  });
  document.addEventListener("htmx:afterSwap", count);
  document.addEventListener("DOMContentLoaded", count);
})();
