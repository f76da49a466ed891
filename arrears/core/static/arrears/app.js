// Keyboard shortcuts and small behaviours for the collector's screens. No framework; htmx does the requests.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function focus(selector) {
    var el = document.querySelector(selector);
    if (el) { el.focus(); if (el.select && el.type !== "file") { el.select(); } }
    return !!el;
  }
  function openTab(name) {
    var button = document.querySelector('[data-tab="' + name + '"]');
    if (button) { button.click(); }
    return !!button;
  }
  // The keyboard help: a dialog in the base layout, so "?" opens it on every page; Esc closes it.
  function toggleHelp() {
    var help = document.getElementById("keys-help");
    if (!help) { return false; }
    if (help.open) { help.close(); } else { help.showModal(); }
    return true;
  }
  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape" && typing(document.activeElement)) {
      var pop = document.querySelector(".search-pop #results");
      if (pop && document.activeElement.id === "search") { pop.replaceChildren(); }
      document.activeElement.blur(); return;
    }
    if (typing(document.activeElement)) { return; }
    var handled = true;
    if (pendingG) {
      pendingG = false;
      if (event.key === "h") { window.location = "/"; }
      else if (event.key === "p") { window.location = "/placements/"; }
      else { handled = false; }
    } else if (event.key === "/") { handled = focus("#search"); }
    else if (event.key === "g") { pendingG = true; }
    else if (event.key === "c") { handled = openTab("call") && focus("#call-form select[name=phone]"); }
    else if (event.key === "n") { handled = openTab("note") && focus("#note-form textarea"); }
    else if (event.key === "m") { handled = openTab("message") && focus("#message-form select[name=channel]"); }
    else if (event.key === "r") { handled = openTab("restriction") && focus("#restriction-form select[name=kind]"); }
    else if (event.key === "a") { handled = openTab("contact") && focus("#address-form input[name=line1]"); }
    else if (event.key === "p") { handled = openTab("pay") && focus("#pay-form input[name=amount]"); }
    else if (event.key === "o") { handled = openTab("plan") && focus("#plan-form select[name=kind]"); }
    else if (event.key === "?") { handled = toggleHelp(); }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  });

  // A request the server refused (a role that may not, a row gone) or could not answer: say so at the top of
  // the page, where it is seen, instead of leaving the screen as it was without a word.
  function showRefusal(text) {
    var box = document.getElementById("refusal");
    if (!box) { return; }
    box.textContent = text;
    box.classList.remove("hidden");
    box.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr, said = "";
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      said = Array.prototype.map.call(doc.querySelectorAll("main h1, main .reason"), function (el) {
        return el.textContent.replace(/\s+/g, " ").trim().replace(/[.]$/, "");
      }).join(": ");
    } catch (e) { said = ""; }
    showRefusal("Refused (" + xhr.status + "): " + (said || xhr.statusText || "the server did not do it") + ".");
  });
  document.addEventListener("htmx:sendError", function () {
    showRefusal("The server could not be reached: nothing was done. Try again.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("refusal");
    if (box) { box.classList.add("hidden"); }
  });

  // Search results: arrow keys move the selection, Enter opens the selected account.
  document.addEventListener("keydown", function (event) {
    var table = document.querySelector("#results table.results");
    if (!table || !(event.key === "ArrowDown" || event.key === "ArrowUp" || event.key === "Enter")) { return; }
    if (typing(document.activeElement) && document.activeElement.id !== "search") { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    if (!rows.length) { return; }
    var current = rows.findIndex(function (r) { return r.classList.contains("selected"); });
    if (event.key === "Enter") {
      var target = rows[current >= 0 ? current : 0];
      window.location = target.dataset.href; event.preventDefault(); return;
    }
    if (current >= 0) { rows[current].classList.remove("selected"); }
    current = event.key === "ArrowDown" ? Math.min(rows.length - 1, current + 1) : Math.max(0, current - 1);
    rows[current].classList.add("selected");
    rows[current].scrollIntoView({ block: "nearest" });
    event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-href]");
    if (row && !event.target.closest("a, button, input, select")) { window.location = row.dataset.href; }
  });

  // Tabs inside a panel: buttons with data-tab show the matching [data-pane].
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tab]");
    if (!button) { return; }
    var box = button.closest("[data-tabs]");
    box.querySelectorAll("[data-tab]").forEach(function (b) { b.setAttribute("aria-selected", b === button ? "true" : "false"); });
    box.querySelectorAll("[data-pane]").forEach(function (p) { p.classList.toggle("hidden", p.dataset.pane !== button.dataset.tab); });
  });

  // A form with data-kinds shows only the fields of the choice made in its select (named by data-kinds,
  // default "kind"): the restriction's details, a payment's card fields, a plan's terms. Without
  // JavaScript every field shows.
  function showKindFields(form) {
    var select = form.querySelector("select[name=" + (form.dataset.kinds || "kind") + "]");
    if (!select) { return; }
    form.querySelectorAll("[data-for-kinds]").forEach(function (box) {
      box.classList.toggle("hidden", box.dataset.forKinds.split(" ").indexOf(select.value) < 0);
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-kinds]");
    if (form && event.target.name === (form.dataset.kinds || "kind")) { showKindFields(form); }
  });
  function prepareKindForms(root) { (root || document).querySelectorAll("form[data-kinds]").forEach(showKindFields); }
  document.addEventListener("DOMContentLoaded", function () { prepareKindForms(); });
  document.addEventListener("htmx:afterSettle", function (event) { prepareKindForms(event.target.parentNode || document); });
})();
