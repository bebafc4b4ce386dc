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

  /* Report forms: send the report as JSON and update the total in place.
     On anything unexpected the form is submitted the ordinary way. */
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

  function enhanceReportForm(section) {
    var form = section.querySelector("form");
    if (!form || !window.fetch || !section.dataset.uaEndpoint) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = reportBody(section, form);
      if (!Object.keys(body.actions).length) { form.submit(); return; }
      fetch(section.dataset.uaEndpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "Accept-Language": document.documentElement.lang  // messages in the page's language
        },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (json) { return { status: response.status, json: json }; });
      }).then(function (result) {
        if (result.status === 201) {
          showTotal(section, result.json.totals);
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
        } else if (result.status === 400 || result.status === 429) {
          showErrors(section, form, result.json.errors || {});
        } else {
          form.submit();
        }
      }).catch(function () { form.submit(); });
    });
  }

  function init() {
    enableCopyButtons();
    document.querySelectorAll("[data-ua-report]").forEach(function (section) {
      personalise(section);
      enhanceReportForm(section);
    });
    var thanks = document.querySelector(".ua-thanks");
    if (thanks) thanks.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
