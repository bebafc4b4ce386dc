/* ua_wagtail: progressive enhancement only. Everything works without this file. */
(function () {
  "use strict";

  function enableCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-ua-copy]").forEach(function (button) {
      var id = button.getAttribute("data-ua-copy");
      var letter = document.getElementById(id);
      var status = document.querySelector('[data-ua-copy-status="' + id + '"]');
      if (!letter) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(letter.innerText.trim()).then(
          function () { status.textContent = button.dataset.uaCopied || "Copied"; },
          function () { status.textContent = button.dataset.uaCopyFailed || "Copy failed"; }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enableCopyButtons);
  } else {
    enableCopyButtons();
  }
})();
