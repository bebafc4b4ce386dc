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
          function () { status.textContent = button.dataset.uaCopied; },
          function () { status.textContent = button.dataset.uaCopyFailed; }
        );
      });
    });
  }

  /* Report forms: send the report as JSON and update the total in place. The
     form is only submitted the ordinary way when no action is counted, for the
     server to say so: posted again without its key, a report could count twice. */
  function reportBody(section, form) {
    var data = new FormData(form);
    var actions = {};
    form.querySelectorAll('input[name^="action_"]').forEach(function (input) {
      var count = parseInt(input.value, 10);
      if (count > 0) actions[input.name.slice(7)] = count;
    });
    var body = {
      page: parseInt(section.dataset.uaPage, 10),
      actions: actions,
      country: data.get("country") || "",
      website: data.get("website") || ""
    };
    var name = data.get("contact_name") || "";
    var email = data.get("contact_email") || "";
    if (name || email) {
      body.contact = { name: name, email: email, consent: data.get("contact_consent") === "on" };
    }
    return body;
  }

  /* As the server renders them: a field's message next to it and tied to it
     (aria-describedby), the others in the alert box above the fields. */
  function describedBy(field, id, add) {
    var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (each) {
      return each && each !== id;
    });
    if (add) ids.push(id);
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
  }

  function clearErrors(section, form) {
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      describedBy(field, field.id + "-error", false);
    });
    form.querySelectorAll(".ua-field-error").forEach(function (p) { p.remove(); });
    form.querySelectorAll(".ua-field-invalid").forEach(function (div) {
      div.classList.remove("ua-field-invalid");
    });
    var box = section.querySelector("[data-ua-errors]");
    box.textContent = "";
    box.hidden = true;
  }

  function showFieldError(field, messages) {
    var p = document.createElement("p");
    p.className = "ua-field-error";
    p.id = field.id + "-error";
    p.textContent = messages.join(" ");
    field.parentNode.classList.add("ua-field-invalid");
    field.parentNode.appendChild(p);
    field.setAttribute("aria-invalid", "true");
    describedBy(field, p.id, true);
  }

  function showMessage(box, message) {
    var p = document.createElement("p");
    p.textContent = message;
    box.appendChild(p);
  }

  function showErrors(section, form, errors) {
    var box = section.querySelector("[data-ua-errors]");
    var thanks = section.querySelector(".ua-thanks");
    if (thanks) thanks.remove();  // it thanked for an earlier report
    clearErrors(section, form);
    Object.keys(errors).forEach(function (key) {
      var name = key.replace(/^actions\./, "action_").replace(/^contact\./, "contact_");
      var field = form.elements[name];
      if (field && field.id && field.parentNode) showFieldError(field, errors[key]);
      else errors[key].forEach(function (message) { showMessage(box, message); });
    });
    var first = form.querySelector("[aria-invalid]");
    if (!first && !box.childNodes.length) showMessage(box, section.dataset.uaErrorText);
    box.hidden = !box.childNodes.length;
    if (first) first.focus();  // the alert box, if shown, is announced as well
  }

  /* A total only ever grows: an answer that crossed a newer one on the way
     (or a cache's older copy) does not take the count back. */
  function showTotal(section, totals) {
    var shown = section.querySelector("[data-ua-total]");
    if (shown && Number(shown.getAttribute("data-ua-total")) > totals.total) return;
    section.querySelectorAll("[data-ua-total]").forEach(function (element) {
      element.setAttribute("data-ua-total", totals.total);
      element.textContent = new Intl.NumberFormat(document.documentElement.lang, {
        numberingSystem: "latn",
      }).format(totals.total);
    });
    var progress = section.querySelector("[data-ua-progress]");
    if (progress) progress.value = totals.total;
  }

  /* The page is the same for every visitor, and may come from a cache: what
     concerns this visitor, and the latest total, are filled in here. */
  function reportedBefore(section) {
    var name = section.dataset.uaReportedCookie;
    var key = section.dataset.uaKey;
    if (!name || !key) return false;
    return document.cookie.split(";").some(function (pair) {
      var parts = pair.trim().split("=");
      return parts[0] === name && (parts[1] || "").split(".").indexOf(key) !== -1;
    });
  }

  function refreshTotal(section) {
    var url = section.dataset.uaTotalsUrl;
    if (!url || !window.fetch) return;
    fetch(url, { headers: { "Accept": "application/json" } }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (totals) {
      if (totals && typeof totals.total === "number") showTotal(section, totals);
    }).catch(function () { /* the total as rendered stays */ });
  }

  function personalise(section) {
    var note = section.querySelector("[data-ua-reported-note]");
    if (note && reportedBefore(section)) note.hidden = false;
    refreshTotal(section);
    // Back to a tab left open: the total may have grown meanwhile.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") refreshTotal(section);
    });
  }

  /* The script's messages about delivery, in the polite live region under the
     form; ``tone`` styles them. Nothing given: the region is emptied. */
  function say(section, tone, messages) {
    var region = section.querySelector("[data-ua-delivery]");
    if (!region) return;
    region.className = "ua-delivery" + (tone ? " ua-delivery-" + tone : "");
    region.textContent = "";
    (messages || []).forEach(function (message) { showMessage(region, message); });
  }

  function thank(section, form, json) {
    showTotal(section, json.totals);
    form.reset();
    clearErrors(section, form);
    var thanks = section.querySelector(".ua-thanks") || document.createElement("p");
    thanks.className = "ua-thanks";
    thanks.id = "report-thanks";
    thanks.tabIndex = -1;
    thanks.textContent = section.dataset.uaThanksText;
    var note = section.querySelector("[data-ua-reported-note]");
    if (note) note.hidden = true;  // the thanks says it now
    if (!thanks.parentNode) {
      // Where the page puts it after a report without JavaScript: under the total.
      var total = section.querySelector(".ua-total");
      total.parentNode.insertBefore(thanks, total.nextSibling);
    }
    thanks.focus();
  }

  /* Delivery. Every report carries its own Idempotency-Key, the same on every
     attempt: the server stores one report per key, so a report whose answer was
     lost on the way back can be sent again without being counted twice. */
  var ATTEMPTS = 5;
  var FIRST_WAIT = 1000;  // ms before the second attempt, doubled before each next one
  var LONGEST_WAIT = 60;  // s: a server asking for a longer wait is not waited for
  var ATTEMPT_TIMEOUT = 30000;  // ms: a connection gone silent is given up and tried again
  // Nothing stored, or nothing lost by asking again with the same key.
  function tryAgain(status) { return status === 408 || status === 429 || status >= 500; }
  var REFUSED = [400, 403, 413, 415, 422];  // the report as sent will never be taken
  var HOUR = 3600 * 1000;
  var STORE = "ua-wagtail-unsent";

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // Outside secure contexts (plain HTTP) there is no randomUUID.
    return Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (byte) {
      return (byte + 256).toString(16).slice(1);
    }).join("");
  }

  /* Reports not yet answered for good, kept in this browser for the next visit.
     localStorage may be missing or refuse to keep them (private browsing, a full
     quota): then a report is only tried while the page is open. */
  function kept() {
    try {
      var reports = JSON.parse(localStorage.getItem(STORE));
      return Array.isArray(reports) ? reports.filter(wellFormed) : [];
    } catch (error) {
      return [];
    }
  }

  /* What this script kept, and nothing else another script or an older version
     may have left there. */
  function wellFormed(report) {
    return Boolean(report) && typeof report.key === "string" &&
      typeof report.body === "string" && typeof report.endpoint === "string" &&
      isFinite(report.time);
  }

  function keep(reports) {
    try {
      if (reports.length) localStorage.setItem(STORE, JSON.stringify(reports));
      else localStorage.removeItem(STORE);
      return true;
    } catch (error) {
      return false;
    }
  }

  function remember(report) {
    return keep(kept().concat([report]));
  }

  function forget(report) {
    keep(kept().filter(function (each) { return each.key !== report.key; }));
  }

  function send(report) {
    return fetch(report.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Accept-Language": document.documentElement.lang,  // messages in the page's language
        "Idempotency-Key": report.key
      },
      body: report.body,
      signal: window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(ATTEMPT_TIMEOUT) : undefined
    });
  }

  /* Milliseconds to wait before the next attempt: what the server asks
     (Retry-After, in seconds), else an exponential backoff. A random part keeps
     the browsers one outage cut off from all coming back at once. null: longer
     than is worth keeping the activist waiting. */
  function waitBefore(attempt, response) {
    var asked = response ? parseInt(response.headers.get("Retry-After"), 10) : NaN;
    if (asked > LONGEST_WAIT) return null;
    if (asked >= 0) return asked * 1000 + Math.random() * FIRST_WAIT / 2;
    var backoff = FIRST_WAIT * Math.pow(2, attempt - 1);
    return backoff / 2 + Math.random() * backoff / 2;
  }

  function answer(response) {
    return response.json().catch(function () { return {}; }).then(function (json) {
      return { status: response.status, json: json };
    });
  }

  /* Resolves to the server's last answer, {status, json}; status 0 if the report
     did not get through. ``retrying`` is called before each wait. */
  function deliver(report, retrying) {
    function attempt(number) {
      return send(report).then(function (response) {
        return tryAgain(response.status) ? again(number, response) : answer(response);
      }, function () {
        return again(number, null);
      });
    }
    function again(number, response) {
      var wait = number < ATTEMPTS ? waitBefore(number, response) : null;
      if (wait === null) {
        // A rate limit not worth waiting for is a refusal, with the server's message.
        return response && response.status === 429 ? answer(response) : { status: 0 };
      }
      retrying();
      return new Promise(function (resolve) { setTimeout(resolve, wait); }).then(function () {
        return attempt(number + 1);
      });
    }
    return attempt(1);
  }

  /* Stored, or never to be stored as it is: no longer worth keeping. */
  function settled(status) {
    return status === 201 || status === 429 || REFUSED.indexOf(status) !== -1;
  }

  function answered(section, form, report, result, saved) {
    say(section);
    if (settled(result.status)) forget(report);
    if (result.status === 201) {
      thank(section, form, result.json);
    } else if (settled(result.status)) {
      showErrors(section, form, result.json.errors || {});
    } else if (saved) {
      form.reset();  // it is on its way: sent again it would count twice
      clearErrors(section, form);
      say(section, "warning", [section.dataset.uaKeptText]);
    } else {
      say(section, "warning", [section.dataset.uaUnsentText]);
    }
  }

  function enhanceReportForm(section) {
    var form = section.querySelector("form");
    if (!form || !window.fetch || !section.dataset.uaEndpoint) return;
    var button = form.querySelector("[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // One report at a time: a second click while it is on its way sends nothing.
      // aria-disabled, not disabled, which would take the focus off the button.
      if (button.getAttribute("aria-disabled") === "true") return;
      var body = reportBody(section, form);
      if (!Object.keys(body.actions).length) { form.submit(); return; }  // the server says what is missing
      var report = {
        endpoint: section.dataset.uaEndpoint,
        body: JSON.stringify(body),
        key: newKey(),
        time: Date.now(),
        ua: section.dataset.uaKey
      };
      var saved = remember(report);
      button.setAttribute("aria-disabled", "true");
      deliver(report, function () {
        say(section, "waiting", [section.dataset.uaRetryingText]);
      }).then(function (result) {
        answered(section, form, report, result, saved);
      }).finally(function () {
        button.removeAttribute("aria-disabled");
      });
    });
  }

  function errorMessages(json) {
    var errors = json.errors || {};
    return Object.keys(errors).reduce(function (messages, key) {
      return messages.concat(errors[key]);
    }, []);
  }

  /* What became of one report an earlier visit kept, in a sentence. */
  function resent(section, report, result) {
    if (settled(result.status)) forget(report);
    if (result.status === 201) {
      if (report.ua === section.dataset.uaKey) showTotal(section, result.json.totals);
      return section.dataset.uaResentText;
    }
    if (settled(result.status)) {
      return [section.dataset.uaEarlierRefusedText].concat(errorMessages(result.json)).join(" ");
    }
    return section.dataset.uaStillKeptText;
  }

  /* Reports an earlier visit could not deliver, sent again one after the other
     with their own key: one that had reached the server after all is not counted
     again. Those kept longer than the server remembers keys are dropped, as they
     could be; a few minutes' margin covers the time a last attempt takes. */
  function sendKept(section) {
    var reports = kept();
    if (!reports.length) return;
    var hours = parseFloat(section.dataset.uaKeyHours);
    var keepFor = (isFinite(hours) ? hours : 24) * HOUR - 5 * 60 * 1000;
    var now = Date.now();
    var told = [];
    var tooOld = reports.filter(function (report) { return !(now - report.time < keepFor); });
    tooOld.forEach(forget);
    if (tooOld.length) told.push(section.dataset.uaExpiredText);
    reports.filter(function (report) {
      return tooOld.indexOf(report) === -1;
    }).reduce(function (previous, report) {
      return previous.then(function () {
        // To this page's API, whatever the stored copy says.
        var sent = Object.assign({}, report, { endpoint: section.dataset.uaEndpoint });
        return deliver(sent, function () {}).then(function (result) {
          var message = resent(section, report, result);
          if (told.indexOf(message) === -1) told.push(message);
        });
      });
    }, Promise.resolve()).then(function () {
      var allSent = told.length === 1 && told[0] === section.dataset.uaResentText;
      say(section, allSent ? "done" : "warning", told);
    });
  }

  function init() {
    enableCopyButtons();
    document.querySelectorAll("[data-ua-report]").forEach(function (section) {
      personalise(section);
      enhanceReportForm(section);
    });
    var reporting = document.querySelector("[data-ua-report][data-ua-endpoint]");
    if (reporting && window.fetch) sendKept(reporting);
    var thanks = document.querySelector(".ua-thanks");
    if (thanks) thanks.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
