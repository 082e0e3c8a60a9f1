// Roer console: the CSRF token on every htmx request, and focus that never gets lost.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.body.getAttribute("data-csrf");
    if (token) { event.detail.headers["X-CSRF-Token"] = token; }
  });
  // Errors come back as a short message for the #meldingen region: swap them too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500 && event.detail.xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // After a swap the button that was pressed may be gone; put focus on the new content
  // so that a keyboard user stays where they were.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (document.activeElement && document.activeElement !== document.body &&
        document.contains(document.activeElement)) { return; }
    var swapped = target && target.id ? document.getElementById(target.id) : null;
    if (swapped && swapped.getAttribute("tabindex") !== null) { swapped.focus(); }
    else if (target) {
      var region = document.getElementById("meldingen");
      if (region) { region.setAttribute("tabindex", "-1"); region.focus(); }
    }
  });
})();
