// While an imported document is read in the background, asks its import page
// every few seconds whether it is done (a JSON answer), and shows the page once
// it is: the draft's review, or why it failed. The page never reloads while
// nothing changed, so nothing a screen reader is reading is taken away.
//
// An answer that is not the import's JSON status (refused, not found, a server
// error, or the login page after the session ended: fetch follows redirects)
// stops the asking, leaving the page as it is: its "Check again" link remains.
// Only a failed connection (offline for a moment) is asked again.
(function () {
  "use strict";
  const waiting = document.querySelector("[data-ua-import-waiting]");
  if (!waiting) {
    return;
  }
  const interval = (Number(waiting.dataset.uaPollSeconds) || 3) * 1000;

  // The import's status, "pending" to ask again, or null to stop asking.
  async function status() {
    let answer;
    try {
      answer = await fetch(window.location.href, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (error) {
      return "pending"; // offline for a moment: ask again later
    }
    const type = answer.headers.get("Content-Type") || "";
    if (!answer.ok || answer.redirected || !type.startsWith("application/json")) {
      return null;
    }
    try {
      const body = await answer.json();
      return typeof body.status === "string" ? body.status : null;
    } catch (error) {
      return null;
    }
  }

  async function check() {
    const now = await status();
    if (now === "pending") {
      window.setTimeout(check, interval);
    } else if (now !== null) {
      window.location.reload();
    }
  }

  window.setTimeout(check, interval);
})();
