// Keeps the « Heure » fields of the today page (data-rb-now) at the current time until someone edits
// one, so that a tablet left open all morning still records the time of the tap.
(function () {
  function pad(number) {
    return String(number).padStart(2, "0");
  }
  function refresh() {
    var now = new Date();
    var value = pad(now.getHours()) + ":" + pad(now.getMinutes());
    document.querySelectorAll("input[data-rb-now]").forEach(function (input) {
      if (!input.dataset.rbEdited && input !== document.activeElement) {
        input.value = value;
      }
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-rb-now]")) {
      event.target.dataset.rbEdited = "true";
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      refresh();
    }
  });
  setInterval(refresh, 15000);
})();
