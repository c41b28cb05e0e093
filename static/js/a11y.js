// Progressive enhancement only: every page works without this file.
// Moves focus to an error summary, or else to the messages a redirect brought (refused, saved, sent),
// or else to what a page marks data-autofocus (what changed after a GET form, e.g. the year chosen),
// so screen readers announce what happened after a submit: a region present when the page loads is
// not announced by itself. A summary that stands on the page whatever was just done (a declaration's
// 审核退回 notice) carries data-standing: it comes after the messages, so a refused form or a saved
// change on that page is still what is read first. A box styled as a summary without tabindex is not
// a focus target.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary[tabindex]:not([data-standing])") ||
    document.querySelector(".messages") || document.querySelector("[data-standing], [data-autofocus]");
  if (summary) {
    summary.focus();
  }
});

// Print buttons (data-print) are hidden without this file: the page says how to print instead.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

// Phones (≤ 640 px, site.css): the accessibility toolbar and the menus collapse behind one button
// each. The element to collapse carries data-disclosure (the button's text); this file puts a
// disclosure button before it (aria-expanded, aria-controls; Escape closes it and returns the focus
// to the button). Without this file nothing collapses, so every link and button stays reachable.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-disclosure]").forEach(function (panel, index) {
    if (!panel.id) {
      panel.id = "disclosure-" + index;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "disclosure-toggle";
    button.textContent = panel.getAttribute("data-disclosure");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    panel.parentNode.insertBefore(button, panel);
    panel.classList.add("collapsible");

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    function closeOnEscape(event) {
      // Only where the button is shown (a narrow screen); on a wide one the panel is always open.
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent !== null) {
        setOpen(false);
        button.focus();
      }
    }
    button.addEventListener("keydown", closeOnEscape);
    panel.addEventListener("keydown", closeOnEscape);
  });
});

// Stacked tables (table.stack, site.css): on a narrow screen their rows are shown as cards with
// display:block, which makes some browsers drop the table semantics; explicit roles keep them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.stack").forEach(function (table) {
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
    table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
    table.querySelectorAll("td").forEach(function (cell) { cell.setAttribute("role", "cell"); });
    table.querySelectorAll("th").forEach(function (cell) {
      cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
    });
  });
});
