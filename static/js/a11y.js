// Progressive enhancement only: every page works without this file.
// Moves focus to an error summary so screen readers announce what went wrong after a submit.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
