// The front end's own words and formats, in the language of what it shows.
// The API's content and labels come translated; messages.js holds the rest,
// taken from the plugin's catalogs (see update_messages.py).
import { MESSAGES, PLURAL } from "./messages.js";

let locale = "en";

export function useLocale(code) {
  locale = code;
}

// The first of the browser's languages the front end has words for.
export function browserLocale() {
  const codes = navigator.languages.map((code) => code.split("-")[0].toLowerCase());
  return codes.find((code) => code in MESSAGES) || "en";
}

// The plugin's message in the current language (English when untranslated), with
// %(name)s placeholders filled in; `count` picks the plural form as gettext does.
export function t(msgid, values = {}, count = 1) {
  const language = MESSAGES[locale]?.[msgid] ? locale : "en";
  let text = MESSAGES[language]?.[msgid] ?? msgid;
  if (Array.isArray(text)) text = text[(PLURAL[language] || PLURAL.en)(count)] ?? text.at(-1);
  return text.replace(/%\((\w+)\)s/g, (_, name) => values[name] ?? "");
}

// Numbers and dates as the language writes them, with Latin digits as the server's
// pages use (Babel's default), so the totals match theirs. Browsers may lack a
// language's data (Chromium has no Belarusian dates): then digits are grouped and
// dates written in figures as a close language does, or as ISO dates.
const FORMAT_FALLBACK = { be: "ru", uk: "ru" };
const hasData = () => Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
const formatTag = () => `${hasData() ? locale : FORMAT_FALLBACK[locale] || "en"}-u-nu-latn`;

export const formatNumber = (number) => new Intl.NumberFormat(formatTag()).format(number);

// Parts of one line ("UA 147/20, index …"), separated as the script writes commas.
export const formatParts = (items) => items.join(locale === "ar" ? "، " : ", ");

// A list as the language writes it (CLDR, as the server's pages through Babel):
// type "conjunction" (and) or "disjunction" (or); commas where the browser lacks
// the language's data.
export function formatList(items, type = "conjunction") {
  if (!Intl.ListFormat.supportedLocalesOf([locale]).length) return formatParts(items);
  return new Intl.ListFormat(locale, { type }).format(items);
}

export function formatDate(iso) {
  if (!iso) return "";
  if (!hasData() && !FORMAT_FALLBACK[locale]) return iso;
  const [year, month, day] = iso.split("-").map(Number);
  const style = hasData() ? { dateStyle: "long" } : { day: "2-digit", month: "2-digit", year: "numeric" };
  return new Intl.DateTimeFormat(formatTag(), { ...style, timeZone: "UTC" }).format(Date.UTC(year, month - 1, day));
}
