// The portal's only script besides htmx: no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";
  // Demo IdP: post the SAML response on to the portal at once; the button is there without JS.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosubmit]");
    if (form) { form.submit(); }
  });
  // A task's status form: the reason field only while "Not relevant" is chosen (without script it
  // stays visible, and the server still asks for the reason).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-status-form]").forEach(function (form) {
      var status = form.querySelector("select[name=status]");
      var reasons = form.querySelectorAll("[data-shown-for-status]");
      if (!status) { return; }
      var update = function () {
        reasons.forEach(function (field) {
          field.hidden = status.value !== field.getAttribute("data-shown-for-status");
        });
      };
      status.addEventListener("change", update);
      update();
    });
  });
  // A button that copies a read-only field (a new calendar's address) to the clipboard; without
  // script it stays hidden and the field is selected and copied by hand.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy") + "-status");
      if (!field) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) { status.textContent = button.getAttribute("data-copied"); } };
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            if (document.execCommand("copy")) { done(); }
          });
        } else if (document.execCommand("copy")) {
          done();
        }
      });
    });
  });
  // After an htmx swap, move focus to the updated region so screen readers announce it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "results" && !target.contains(document.activeElement)) {
      target.setAttribute("tabindex", "-1");
    }
  });
})();
