// The portal's only script besides htmx: no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";
  // Demo IdP: post the SAML response on to the portal at once; the button is there without JS.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosubmit]");
    if (form) { form.submit(); }
  });
  // After an htmx swap, move focus to the updated region so screen readers announce it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "results" && !target.contains(document.activeElement)) {
      target.setAttribute("tabindex", "-1");
    }
  });
})();
