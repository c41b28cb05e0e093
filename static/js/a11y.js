// Progressive enhancement only: every page works without this file.
// Moves focus to an error summary so screen readers announce what went wrong after a submit.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
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
