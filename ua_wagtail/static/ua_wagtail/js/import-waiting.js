// While an imported document is read in the background, asks its import page
// every few seconds whether it is done (a JSON answer), and shows the page once
// it is: the draft's review, or why it failed. The page never reloads while
// nothing changed, so nothing a screen reader is reading is taken away.
(function () {
  "use strict";
  const waiting = document.querySelector("[data-ua-import-waiting]");
  if (!waiting) {
    return;
  }
  const interval = (Number(waiting.dataset.uaPollSeconds) || 3) * 1000;

  async function check() {
    let status = "pending";
    try {
      const answer = await fetch(window.location.href, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      status = answer.ok ? (await answer.json()).status : "pending";
    } catch (error) {
      status = "pending"; // offline for a moment: ask again later
    }
    if (status === "pending") {
      window.setTimeout(check, interval);
    } else {
      window.location.reload();
    }
  }

  window.setTimeout(check, interval);
})();
