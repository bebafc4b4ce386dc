// Reference front end for ua_wagtail: reads Urgent Actions from Wagtail's API v2
// and shows them as the server-rendered pages do. A plain ES module, no build step.
//
// Routes (in the hash, so links and the back button work):
//   #/            open Urgent Actions in the browser's language (or the first one)
//   #/ar          open Urgent Actions in Arabic
//   #/page/8      Urgent Action 8; #/page/8/letter and #/page/8/report jump to a part
//   ?content_type=…&token=…   an editor's preview of a draft (wagtail-headless-preview)
import { browserLocale, formatDate, formatList, formatNumber, formatParts, t, useLocale } from "./i18n.js";

// Where the API is: API_BASE, or this page's own origin when it is "". Opening the
// page with ?api=https://cms.example.org reads another site's API, but only one
// listed in TRUSTED_APIS (besides API_BASE and this origin), and named by its
// origin alone: the API's rich text is inserted as HTML, so a link naming any
// API, or a file of a trusted site (an uploaded document, with a path that ends
// in "?" or "#" so that the API's path is lost), could otherwise run scripts
// here. That site must allow this origin through CORS.
const API_BASE = "";
const TRUSTED_APIS = []; // e.g. ["https://cms.example.org", "http://127.0.0.1:8000"]

const params = new URLSearchParams(location.search);
const api = apiBase(params.get("api"));
const RTL = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "sd", "ug", "yi", "dv"]);
const SAFE_URL = /^(https?:|mailto:|tel:|#)/i;

const state = {
  locale: browserLocale(),
  preview: params.has("token"),
  ticket: 0, // the latest navigation: answers to older ones are dropped
  shownTotals: new Map(), // highest total shown per Urgent Action (all translations)
  indexes: null, // every locale's index page, for the locale picker
};

function apiBase(requested) {
  const base = (API_BASE || location.origin).replace(/\/+$/, "");
  if (!requested) return base;
  const url = URL.canParse(requested) ? new URL(requested) : null;
  // "https://cms.example.org" or ".../": no path, query, fragment or credentials.
  const bare = url !== null && url.href === `${url.origin}/`;
  const trusted = [base, location.origin, ...TRUSTED_APIS].map((entry) => new URL(entry).origin);
  return bare && trusted.includes(url.origin) ? url.origin : null;
}

// Words -------------------------------------------------------------------------

function setLocale(locale) {
  state.locale = locale;
  useLocale(locale);
  const root = document.documentElement;
  root.lang = locale;
  root.dir = RTL.has(locale.split("-")[0]) ? "rtl" : "ltr";
  document.querySelector("[data-skip]").textContent = t("Skip to main content");
  const home = document.querySelector("[data-home]");
  home.textContent = t("Urgent Actions");
  home.href = link(`/${locale}`);
}

// DOM ---------------------------------------------------------------------------

// An element. Strings and numbers become text nodes, never HTML; attributes that
// are null or false are left out; `on…` attributes add event listeners.
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(Infinity).filter((c) => c != null && c !== false && c !== ""));
  return element;
}

// Rich text is the CMS's own output (sanitised by Wagtail's rich text editor):
// the one kind of API value inserted as HTML.
function richText(value) {
  const template = document.createElement("template");
  template.innerHTML = value?.html ?? "";
  return template.content;
}

const safeUrl = (url) => (url && SAFE_URL.test(url) ? url : null);

// A link inside this front end. A preview's URL carries the token: links out of
// the preview drop it (and keep ?api=).
function link(route) {
  if (!state.preview) return `#${route}`;
  const query = params.has("api") ? `?${new URLSearchParams({ api: params.get("api") })}` : "";
  return `${location.pathname}${query}#${route}`;
}

function section(block, className, heading, ...children) {
  const id = `block-${block.id}`;
  return h("section", { class: className, "aria-labelledby": id },
    h("h2", { id, tabindex: "-1" }, heading), ...children);
}

// API ---------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    const errors = body?.errors ? Object.values(body.errors).flat() : [];
    if (body?.message) errors.push(body.message);
    super(errors.join(" ") || `HTTP ${status}`);
    this.messages = errors.length ? errors : [this.message];
  }
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const pagesUrl = (query) => `${api}/api/v2/pages/?${new URLSearchParams(query)}`;
const INDEX_TYPE = "ua_wagtail.UrgentActionIndexPage";

// Status ------------------------------------------------------------------------

// The badge's words, as the server's status_badge.html chooses them.
function badgeText({ status, deadline, days_left: daysLeft }, withDate) {
  const date = formatDate(deadline);
  const days = formatNumber(daysLeft ?? 0);
  if (status === "closed") return t("Closed on %(date)s", { date });
  if (daysLeft === 0) return t("Last day to act: today");
  if (status === "closing_soon") {
    const msgid = withDate ? "Closing soon: %(days)s day left, until %(date)s" : "Closing soon: %(days)s day left";
    return t(msgid, { days, date }, daysLeft);
  }
  return withDate ? t("Open until %(date)s", { date }) : t("Open: %(days)s day left", { days }, daysLeft);
}

const badge = (value, withDate) =>
  h("p", { class: `badge badge-${value.status}` }, badgeText(value, withDate));

// Blocks, in the order the page's body gives them ---------------------------------

const BLOCKS = {
  deadline_banner(value) {
    const closed = value.status === "closed";
    return h("div", { class: `deadline deadline-${value.status}` },
      h("p", { class: "deadline-text" }, closed ? value.closed_text : [
        value.open_text, " ",
        h("time", { class: "deadline-date", datetime: value.deadline }, value.deadline_text || formatDate(value.deadline)),
      ]),
      badge(value, false));
  },

  take_action(value, block) {
    return section(block, "take-action", value.heading,
      h("ol", { class: "steps" }, value.steps.map((step) =>
        h("li", { class: `step step-${step.kind}` }, richText(step.text)))));
  },

  targets(value, block) {
    const primary = value.targets.filter((target) => target.role !== "cc");
    const copies = value.targets.filter((target) => target.role === "cc");
    return section(block, "targets", value.heading,
      h("ul", { class: "target-list", role: "list" }, primary.map(targetCard)),
      copies.length > 0 && [
        h("h3", { class: "cc-heading" }, t("Send a copy to (CC)")),
        h("ul", { class: "target-list", role: "list" }, copies.map(targetCard)),
      ]);
  },

  sample_letter(value, block, page) {
    const status = h("p", { class: "copy-status", role: "status" });
    const names = new Map(targetsOf(page).map((target) => [target.id, target.display_name]));
    return section(block, "letter", value.heading,
      h("div", { class: "letter-text", "data-anchor": "letter" },
        h("p", {}, value.salutation), richText(value.body), h("p", {}, value.closing)),
      h("div", { class: "letter-actions" },
        navigator.clipboard && h("button", {
          type: "button", class: "button", onclick: () => copyLetter(value.text, status),
        }, t("Copy the letter")),
        status,
        value.other_languages.map((language) => h("a", {
          class: "button button-secondary", hreflang: language.code,
          href: letterLink(language, page),
        }, t("Read this letter in %(name)s", { name: language.name }))),
        value.email_links.map((email) => h("a", {
          class: "button button-secondary", href: safeUrl(email.url),
        }, t("Email the letter to %(name)s", { name: names.get(email.target_id) || email.to })))));
  },

  report_form: reportForm,

  additional_information(value, block) {
    return section(block, "info", value.heading, h("div", {}, richText(value.body)));
  },
};

function targetCard(target) {
  const cc = target.role === "cc";
  const who = cc
    ? [target.organisation && h("span", { class: "target-strong" }, target.organisation),
       target.display_name && h("span", { class: "target-strong" }, target.position && `${target.position} `, target.display_name)]
    : [target.display_name && h("span", { class: "target-strong" }, target.display_name),
       target.position && h("span", {}, target.position),
       target.organisation && h("span", { class: "target-strong" }, target.organisation)];
  // Each line isolated: a Latin address keeps its order on a right-to-left page.
  const address = target.address_lines.flatMap((line, i) => [i > 0 && h("br"), h("span", { dir: "auto" }, line)]);
  const facts = [
    ...target.contact_lines.map((line) => [line.label,
      safeUrl(line.url) ? h("a", { href: safeUrl(line.url), dir: "ltr" }, line.text) : line.text]),
    target.salutation && [t("Salutation"), target.salutation],
    target.preferred_languages.length > 0 &&
      [t("Write in"), formatList(target.preferred_languages.map((l) => l.name), "disjunction")],
  ].filter(Boolean);
  return h("li", {}, h("div", { class: `target target-${target.role}` },
    h("p", { class: "target-who" }, who),
    address.length > 0 && h("p", { class: "target-address", translate: "no" }, address),
    h("dl", { class: "contact" }, facts.map(([term, detail]) =>
      h("div", {}, h("dt", {}, term), h("dd", {}, detail))))));
}

const targetsOf = (page) => page.body.filter((b) => b.type === "targets").flatMap((b) => b.value.targets);

// The letter in another language: that translation's page here, at the letter.
function letterLink(language, page) {
  const version = page.translations.find((tr) => tr.locale === language.code);
  return version ? link(`/page/${version.id}/letter`) : safeUrl(language.url);
}

async function copyLetter(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = t("Letter copied. Paste it into your email or document.");
  } catch {
    status.textContent = t("Could not copy. Select the letter and copy it by hand.");
  }
}

// Reporting ---------------------------------------------------------------------

function reportForm(value, block, page) {
  const id = `report-${block.id}`;
  const ui = {
    total: h("strong", { "data-total": "" }),
    progress: value.goal ? h("progress", { max: value.goal }) : null,
    errors: h("div", { class: "errors", id: `${id}-errors`, role: "alert", hidden: true }),
    button: h("button", { type: "submit", class: "button", disabled: state.preview }, t("Report my actions")),
    // Totals count every translation of the Urgent Action: they share one key.
    key: Math.min(page.id, ...page.translations.map((version) => version.id)),
  };
  ui.totalLine = h("p", { class: "total", role: "status", "aria-live": "polite" },
    t("Actions taken so far:"), " ", ui.total,
    value.goal && [" ", h("span", { class: "goal" }, t("Goal: %(goal)s", { goal: formatNumber(value.goal) })), ui.progress]);
  showTotal(ui, page.totals.total);
  if (!state.preview) followTotal(ui, value.totals_url);

  let form = null;
  if (value.accepts_reports) {
    form = h("form", { class: "report-form", novalidate: true, "aria-describedby": ui.errors.id },
      ui.errors,
      h("fieldset", { class: "counts" },
        h("legend", {}, t("How many did you send?")),
        value.action_types.map((type) => countField(type, id, value.max_per_action))),
      state.preview && h("p", { class: "note" }, t("Reports are not sent from a preview.")),
      ui.button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!state.preview) sendReport(form, ui, value, page);
    });
  }
  return h("section", { class: "report", "aria-labelledby": `block-${block.id}` },
    h("h2", { id: `block-${block.id}`, tabindex: "-1", "data-anchor": "report" }, value.heading),
    ui.totalLine,
    value.accepts_reports ? [value.intro && h("p", {}, value.intro), form]
      : h("p", { class: "closed" }, value.closed_message));
}

function countField(type, prefix, max) {
  const id = `${prefix}-${type.value}`;
  return h("div", { class: "field" },
    h("label", { for: id }, type.label),
    h("input", { id, name: type.value, type: "number", inputmode: "numeric", min: "0", max: String(max), step: "1" }),
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }));
}

// Never shows a total lower than one already shown: a cached page or totals
// answer may be older than the report this browser just sent.
function showTotal(ui, total) {
  const shown = Math.max(state.shownTotals.get(ui.key) ?? 0, total);
  state.shownTotals.set(ui.key, shown);
  ui.total.dataset.total = shown;
  ui.total.textContent = formatNumber(shown);
  if (ui.progress) ui.progress.value = shown;
}

// While the page is open and in view, the total follows everyone's reports. The
// page's JSON may come from a cache; the totals endpoint is fresher (and cheap:
// a shared cache may answer it, and its ETag spares the body when unchanged).
const TOTALS_POLL_MS = 30_000;

function followTotal(ui, url) {
  refreshTotal(ui, url);
  const timer = setInterval(() => {
    if (!ui.total.isConnected) clearInterval(timer);
    else if (document.visibilityState === "visible") refreshTotal(ui, url);
  }, TOTALS_POLL_MS);
}

async function refreshTotal(ui, url) {
  try {
    const totals = await getJSON(url);
    if (ui.total.isConnected) showTotal(ui, totals.total);
  } catch {
    // The total from the page stays: good enough.
  }
}

// Each report carries a key of its own, sent again with every retry of it, so
// the server counts it once however many tries reach it (docs/reports.md).
// Network errors, 5xx and 429 are tried again after Retry-After or a backoff.
const RETRY_DELAYS_MS = [1_000, 3_000, 9_000];
const LONGEST_WAIT_MS = 60_000;

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function postReport(url, headers, body) {
  const key = newKey();
  for (let attempt = 0; ; attempt++) {
    let response = null;
    try {
      response = await fetch(url, { method: "POST", headers: { ...headers, "Idempotency-Key": key }, body });
    } catch (error) {
      if (attempt >= RETRY_DELAYS_MS.length) throw error;
    }
    const retriable = !response || response.status >= 500 || response.status === 429;
    if (!retriable || attempt >= RETRY_DELAYS_MS.length) return response;
    const wait = Number(response?.headers.get("Retry-After")) * 1000 || RETRY_DELAYS_MS[attempt];
    if (wait > LONGEST_WAIT_MS) return response;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function sendReport(form, ui, value, page) {
  const actions = {};
  for (const input of form.querySelectorAll("input[type=number]")) {
    // Blank and 0 mean "none"; anything else goes to the server, which explains
    // what is wrong in the reader's language.
    if (input.value.trim() !== "" && Number(input.value) !== 0) actions[input.name] = Number(input.value);
  }
  ui.button.disabled = true;
  try {
    const response = await postReport(
      value.report_url,
      { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": state.locale },
      JSON.stringify({ page: page.id, actions, language: page.meta.locale }),
    );
    const body = await response.json().catch(() => ({}));
    if (response.status === 201) reported(form, ui, value, body.totals);
    else showErrors(form, ui, body.errors || {});
  } catch {
    showErrors(form, ui, {});
  } finally {
    ui.button.disabled = false;
  }
}

function reported(form, ui, value, totals) {
  showTotal(ui, totals.total);
  form.reset();
  showErrors(form, ui, null);
  const thanks = form.parentNode.querySelector(".thanks") || h("p", { class: "thanks", tabindex: "-1" });
  thanks.textContent = value.thank_you;
  ui.totalLine.after(thanks);
  thanks.focus();
}

// Errors keyed "actions.letter" go next to their field; the others, or a general
// sentence when there are none, go in the box above the fields. `null` clears all.
function showErrors(form, ui, errors) {
  for (const input of form.querySelectorAll("input")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    const message = form.querySelector(`#${CSS.escape(input.id)}-error`);
    message.hidden = true;
    message.textContent = "";
  }
  ui.errors.replaceChildren();
  ui.errors.hidden = errors === null;
  if (errors === null) return;
  const general = [];
  let firstInvalid = null;
  for (const [key, messages] of Object.entries(errors)) {
    const input = key.startsWith("actions.") && form.elements.namedItem(key.slice(8));
    if (!input) { general.push(...messages); continue; }
    const message = form.querySelector(`#${CSS.escape(input.id)}-error`);
    message.textContent = messages.join(" ");
    message.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", message.id);
    firstInvalid ||= input;
  }
  if (!general.length) general.push(t("Your report could not be sent. Please check the form and try again."));
  ui.errors.append(...general.map((message) => h("p", {}, message)));
  firstInvalid?.focus();
}

// Views -------------------------------------------------------------------------

function renderLanguages(versions) {
  const nav = document.querySelector("[data-languages]");
  nav.setAttribute("aria-label", t("Choose a language"));
  nav.hidden = versions.length < 2;
  nav.querySelector("ul").replaceChildren(...versions.map((version) => h("li", {},
    h("a", {
      href: version.href, hreflang: version.locale, lang: version.locale,
      "aria-current": version.locale === state.locale ? "page" : null,
    }, version.name))));
}

function facts(page) {
  const names = page.preferred_languages.map((language) => language.name);
  const preferred = page.own_language_welcome && !names.length
    ? t("Your own language")
    : formatList(page.own_language_welcome ? [...names, t("your own language")] : names, "disjunction");
  const seriesParts = [page.series_label,
    page.document_index && t("index %(index)s", { index: page.document_index }),
    page.issued_on && t("issued %(date)s", { date: formatDate(page.issued_on) })];
  const series = formatParts(seriesParts.filter(Boolean));
  const previous = safeUrl(page.previous_action);
  const rows = [
    preferred && [t("Preferred language to address target"), preferred],
    [t("Please take action as soon as possible until"), h("time", { datetime: page.deadline }, formatDate(page.deadline))],
    [t("Name and pronoun"), page.subject_pronoun ? `${page.subject_name} (${page.subject_pronoun})` : page.subject_name],
    page.country && [t("Country"), page.country.name],
    [t("Urgent Action"), series],
    previous && [t("Link to previous UA"), h("a", { href: previous, dir: "ltr" }, previous)],
  ].filter(Boolean);
  return h("section", { class: "facts", "aria-labelledby": "facts-heading" },
    h("h2", { id: "facts-heading" }, t("At a glance")),
    h("dl", {}, rows.map(([term, detail]) => h("div", {}, h("dt", {}, term), h("dd", {}, detail)))));
}

function renderAction(page) {
  setLocale(page.meta.locale);
  renderLanguages(page.translations.map((version) => ({
    locale: version.locale, name: version.language_name, href: link(`/page/${version.id}`),
  })));
  document.title = state.preview ? `${t("Preview: this draft is not published.")} ${page.title}` : page.title;
  document.body.className = `status-${page.status}`;
  return [
    state.preview && h("p", { class: "preview-notice", role: "status" }, t("Preview: this draft is not published.")),
    h("article", { class: "action", "aria-labelledby": "title" },
      h("header", { class: "action-header" },
        h("p", { class: "kicker" }, page.series_label),
        h("h1", { id: "title", tabindex: "-1" }, page.title),
        h("p", { class: "summary" }, page.summary)),
      page.body.map((block) => BLOCKS[block.type]?.(block.value, block, page)),
      facts(page)),
  ];
}

function renderList(indexes) {
  const title = indexes.length === 1 ? indexes[0].title : t("Urgent Actions");
  const actions = indexes.flatMap((index) => index.open_actions);
  document.title = title;
  document.body.className = "index";
  return [h("h1", { tabindex: "-1" }, title), actions.length
    ? h("ul", { class: "cards", role: "list" }, actions.map(actionCard))
    : h("p", { class: "empty" }, t("No Urgent Actions match."))];
}

function actionCard(action) {
  const words = action.summary.split(/\s+/);
  return h("li", { class: `card status-${action.status}` },
    h("article", { "aria-labelledby": `card-${action.id}` },
      h("p", { class: "kicker" }, [action.series_label, action.country?.name].filter(Boolean).join(" · ")),
      h("h2", { id: `card-${action.id}` }, h("a", { href: link(`/page/${action.id}`) }, action.title)),
      badge(action, true),
      h("p", {}, words.length > 40 ? `${words.slice(0, 40).join(" ")} …` : action.summary)));
}

// Every locale's index page (once), then the open actions of the chosen locale.
async function fetchList(wanted) {
  state.indexes ||= (await getJSON(pagesUrl({ type: INDEX_TYPE, fields: "translations" }))).items;
  // The languages in the order the index pages list their translations.
  const versions = state.indexes.flatMap((index) => index.translations);
  const locales = [...new Set(versions.map((v) => v.locale))]
    .filter((code) => state.indexes.some((index) => index.meta.locale === code));
  const locale = [wanted, state.locale].find((code) => locales.includes(code)) || locales[0] || "en";
  const data = await getJSON(pagesUrl({ type: INDEX_TYPE, fields: "open_actions,translations", locale }));
  // Each language named in itself, as the index pages' translations give it.
  const names = new Map(versions.map((v) => [v.locale, v.language_name]));
  const languages = locales.map((code) => ({ locale: code, name: names.get(code) || code, href: link(`/${code}`) }));
  return { locale, languages, indexes: data.items };
}

function renderError(error) {
  document.title = t("This page could not be loaded.");
  return h("div", { class: "error", role: "alert" },
    state.preview && h("p", { class: "preview-notice" }, t("Preview: this draft is not published.")),
    h("h1", { tabindex: "-1" }, t("This page could not be loaded.")),
    (error.messages || [error.message]).map((message) => h("p", {}, message)));
}

function parseRoute() {
  if (state.preview) return { view: "preview" };
  const [, page, anchor] = location.hash.match(/^#\/page\/(\d+)(?:\/(\w+))?/) || [];
  if (page) return { view: "page", id: page, anchor };
  return { view: "list", locale: (location.hash.match(/^#\/([\w-]+)/) || [])[1] };
}

// What the route shows, from the API; nothing on screen changes yet.
async function fetchRoute(route) {
  if (api === null) throw new Error(`?api= must be the origin of an API in TRUSTED_APIS (app.js): ${params.get("api")}`);
  if (route.view === "list") return fetchList(route.locale);
  const url = route.view === "preview"
    ? `${api}/api/v2/page_preview/?${new URLSearchParams({ content_type: params.get("content_type") ?? "", token: params.get("token") })}`
    : `${api}/api/v2/pages/${route.id}/`;
  return { page: await getJSON(url) };
}

function render(data) {
  if (data.page) return renderAction(data.page);
  setLocale(data.locale);
  renderLanguages(data.languages);
  return renderList(data.indexes);
}

async function navigate(firstLoad = false) {
  const ticket = ++state.ticket;
  const main = document.getElementById("main");
  const route = parseRoute();
  main.setAttribute("aria-busy", "true");
  let data, error;
  try {
    data = await fetchRoute(route);
  } catch (failure) {
    error = failure;
  }
  if (ticket !== state.ticket) return; // the reader has gone elsewhere meanwhile
  const content = error ? renderError(error) : render(data);
  main.replaceChildren(...[content].flat().filter(Boolean));
  main.removeAttribute("aria-busy");
  // Move the reader to what changed: the part the link names, else the heading.
  const target = route.anchor && main.querySelector(`[data-anchor="${route.anchor}"]`);
  if (target) target.scrollIntoView();
  else window.scrollTo(0, 0);
  const heading = target ? target.closest("section").querySelector("h2") : main.querySelector("h1");
  if (!firstLoad || target) heading?.focus({ preventScroll: true });
}

function start() {
  setLocale(state.locale);
  document.querySelector("[data-skip]").addEventListener("click", (event) => {
    event.preventDefault(); // "#main" would be taken for a route
    document.getElementById("main").focus();
  });
  window.addEventListener("hashchange", () => navigate());
  navigate(true);
}

start();
