// Moves focus to the element marked data-rb-focus (an error summary, a status message) when a page
// loads or after an htmx swap, so keyboard and screen-reader users land on what changed.
(function () {
  function focusMarked(root) {
    var target = (root || document).querySelector("[data-rb-focus]");
    if (target) {
      target.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () { focusMarked(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusMarked(event.target); });
})();
