/* Type-ahead for selects marked data-typeahead (Tom Select, static/vendor/tom-select/).
   Without this script, or without Tom Select, each stays a plain <select> that works as is.

   A people select with data-typeahead-department="<id of a department select>" offers only
   the people of the chosen department: each option lists its departments in data-departments
   (the server's rule, rectification.services.assignment, is what counts; this only narrows
   the choice). The options are narrowed on the native <select> and Tom Select re-reads it,
   so the filter works the same with or without the enhancement.

   Links of the error summary (web/_form_errors.html) to an enhanced select focus its
   type-ahead box instead of the hidden native select. */
(function () {
  "use strict";

  function matches(option, department) {
    if (!option.value || !department) return true;
    return (" " + (option.getAttribute("data-departments") || "") + " ").indexOf(" " + department + " ") >= 0;
  }

  function follow(select, departmentSelect) {
    // Every option as the server sent it; filtered copies are put back into the select.
    var all = Array.prototype.slice.call(select.options);

    function narrow(keepSelected) {
      var department = departmentSelect.value;
      var chosen = {};
      all.forEach(function (o) { if (o.selected) chosen[o.value] = true; });
      var ts = select.tomselect;
      // Tom Select writes its items back into the native <select> (re-adding options it knows), so it
      // lets go of them before the options are rebuilt, and re-reads them after.
      if (ts) {
        ts.clear(true);
        ts.clearOptions();
      }
      while (select.options.length) select.remove(0);
      all.forEach(function (o) {
        // On load an existing choice stays (it may predate the rule); a change of department
        // drops the people who are not of it.
        var keep = matches(o, department) || (keepSelected && chosen[o.value]);
        if (keep) select.add(o);
        o.selected = Boolean(keep && chosen[o.value]);
      });
      if (ts) ts.sync();
    }

    narrow(true);
    departmentSelect.addEventListener("change", function () { narrow(false); });
  }

  function enhance(select) {
    if (typeof window.TomSelect !== "function" || select.tomselect) return;
    var multiple = select.multiple;
    new window.TomSelect(select, {
      allowEmptyOption: !multiple,
      maxOptions: null,
      clearAfterSelect: true,  // the next name is typed into an empty box
      // A multi-select keeps its search box after the chosen names, so the box keeps its height when
      // it loses focus (hiding it there moved the button below from under a person's click).
      hidePlaceholder: !multiple,
      placeholder: select.getAttribute("data-placeholder") || (multiple ? "输入姓名搜索，可选多人" : "输入以搜索"),
      plugins: multiple ? { remove_button: { title: "移除" } } : {},
      render: {
        no_results: function () { return '<div class="no-results">没有匹配的选项</div>'; }
      }
    });
  }

  function summaryLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.tomselect) {
        event.preventDefault();
        target.tomselect.wrapper.scrollIntoView({ block: "center" });
        target.tomselect.focus();
      }
    });
  }

  function within(root) {
    var selects = root.querySelectorAll ? root.querySelectorAll("select[data-typeahead]") : [];
    Array.prototype.forEach.call(selects, function (select) {
      if (select.hasAttribute("data-typeahead-ready")) return;  // htmx:load also fires for the page itself
      select.setAttribute("data-typeahead-ready", "");
      enhance(select);
      var departmentId = select.getAttribute("data-typeahead-department");
      var departmentSelect = departmentId && document.getElementById(departmentId);
      if (departmentSelect) follow(select, departmentSelect);
    });
  }

  function init() {
    within(document);
    summaryLinks();
    // Content swapped in by htmx (a form re-rendered with its errors) is enhanced alike.
    document.body.addEventListener("htmx:load", function (event) { within(event.detail.elt); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
