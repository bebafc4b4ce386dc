"""Tables and regular expressions the Urgent Action parser reads documents with.

English, Spanish, French and German wording; the labels that open the parts of
a document, and the contact labels, are rows of :mod:`.labels`. Every pattern is matched against one line of text
whose whitespace has already been normalised (see :func:`.parser.clean_lines`).
"""

import datetime
import functools
import re

from babel import Locale
from django.core.exceptions import ValidationError
from django.utils import translation
from django_countries import countries

from ua_wagtail.languages import language_code

from .labels import alternatives, contact_labels, line_pattern

# --- Dates -------------------------------------------------------------------

MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                # English, Spanish, French, German, and Dutch (Flemish and
                # Dutch sections' pages)
                ("january", "jan", "enero", "janvier", "januar", "jänner", "januari"),
                (
                    "february",
                    "feb",
                    "febrero",
                    "février",
                    "fevrier",
                    "februar",
                    "februari",
                ),
                ("march", "mar", "marzo", "mars", "märz", "maerz", "maart"),
                ("april", "apr", "abril", "avril"),
                ("may", "mayo", "mai", "mei"),
                ("june", "jun", "junio", "juin", "juni"),
                ("july", "jul", "julio", "juillet", "juli"),
                ("august", "aug", "agosto", "août", "aout", "augustus"),
                ("september", "sep", "sept", "septiembre", "setiembre", "septembre"),
                ("october", "oct", "octubre", "octobre", "oktober", "okt"),
                ("november", "nov", "noviembre", "novembre"),
                (
                    "december",
                    "dec",
                    "diciembre",
                    "décembre",
                    "decembre",
                    "dezember",
                    "dez",
                ),
            ],
            start=1,
        )
        for name in names
    }
}
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>\d{4})"
#: "1 November 2024", "15 de marzo de 2024", "12 MARCH 2015".
DAY_MONTH_YEAR = re.compile(
    rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I
)
#: "November 1, 2024", "June 1 2023".
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)
#: "24.04.2025" (day first, as in German and French).
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b")


def find_date(text: str) -> datetime.date | None:
    """The first real date written out in ``text`` (English, Spanish, French or
    German), or written "24.04.2025"."""
    return next((date for date, _ in written_dates(text)), None)


def written_dates(text: str):
    """Each real date written in ``text``, in order, with its match."""
    patterns = (DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DATE)
    found = [m for p in patterns for m in p.finditer(text)]
    for match in sorted(found, key=lambda m: m.start()):
        month = match["month"]
        month = int(month) if month.isdigit() else MONTHS.get(month.casefold())
        if month is None:
            continue
        try:
            yield datetime.date(int(match["year"]), month, int(match["day"])), match
        except ValueError:  # 31 February
            continue


# --- Urgent Action numbers -----------------------------------------------------

ORDINALS = {
    word: number
    for number, words in enumerate(
        [
            ("first", "1st", "primera", "primer"),
            ("second", "2nd", "segunda", "segundo"),
            ("third", "3rd", "tercera", "tercer"),
            ("fourth", "4th", "cuarta"),
            ("fifth", "5th", "quinta"),
            ("sixth", "6th", "sexta"),
            ("seventh", "7th", "séptima", "septima"),
            ("eighth", "8th", "octava"),
            ("ninth", "9th", "novena"),
            ("tenth", "10th", "décima", "decima"),
            ("eleventh", "11th", "undécima", "undecima"),
            ("twelfth", "12th", "duodécima", "duodecima"),
        ],
        start=1,
    )
    for word in words
}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
_UA = r"(?:UA|AU|Urgent\s+Action|Acci[oó]n\s+Urgente|Action\s+urgente|FI)"
#: "Third Urgent Action 147.20", "UA: 229/10", "FI 103/22-4", "Primera AU 047/24",
#: "UA-257-1/2014" (German section: the update between number and year).
UA_NUMBER = re.compile(
    rf"(?:\b(?P<ordinal>{_ORDINAL})\s+)?\b(?P<kind>{_UA})\s*[:-]?\s*"
    r"(?P<number>\d{1,4})(?:-(?P<inner>\d{1,2}))?\s?[./]\s?(?P<year>\d{2}|\d{4})"
    r"(?:-(?P<update>\d{1,2}))?\b",
    re.I,
)
#: An update of an earlier action without saying which: "Follow-up on UA 52/10".
FOLLOW_UP = re.compile(
    r"\b(?:follow[- ]up|further\s+information|update|actualizaci[oó]n|"
    r"informaci[oó]n\s+complementaria|action\s+compl[ée]mentaire)\s+"
    r"(?:on|to|of|de|sobre|sur)\s+(?:the\s+|la\s+|l['’])?" + _UA,
    re.I,
)
#: "Index: AMR 19/015/2010" (Amnesty's document index).
DOCUMENT_INDEX = re.compile(
    r"\b(?:Index|[IÍ]ndice)\s*(?:AI)?\s*:\s*(?P<index>[A-Z]{3}\s*\d{2}/\d{3,4}/\d{4})",
    re.I,
)
#: "Date: 29 October 2010", "Fecha: 3 de abril de 2024".
ISSUE_DATE = re.compile(
    r"\b(?:Issue\s+date|Date|Fecha|UA\s+vom|UA\s+du)\s*:\s*(?P<rest>.+)$", re.I
)
#: The country in a header line: between the index and the date, or a "|" cell.
HEADER_COUNTRY = re.compile(
    r"\d{4}\s*(?:\|\s*)?(?P<country>[^|:\d]+?)\s*(?:\|\s*)?(?:Issue\s+date|Date|Fecha)\s*:",
    re.I,
)

#: The index line atop an international document: "PUBLIC AI Index: EUR 50/007/2008".
INDEX_LINE = re.compile(
    r"^(?:public\s+)?(?:ai\s+)?(?:index|[ií]ndice)\s*(?:ai)?\s*:\s*"
    r"(?P<index>[A-Z]{3}\s*\d{2}/\d{3,4}/\d{4})\s*$",
    re.I,
)
#: An Amnesty document index alone: "AMR 23/036/2014".
BARE_INDEX = re.compile(r"\b[A-Z]{3}\s\d{2}/\d{3,4}/\d{4}\b")
#: The title after the number on an old header line: "UA 229/10 Risk of
#: Forced Eviction", "Follow-up on UA 52/10 (10 March 2010) - Fear for safety".
HEADER_TITLE = re.compile(r"^(?:\([^)]*\)\s*)*[-–:]?\s*(?P<title>[A-Z][^|:]{2,120})$")

# --- Titles ---------------------------------------------------------------------

#: What sections' pages put before the title itself: the banner, the country
#: and kind of action ("URGENT ACTION Ägypten – Briefaktion …"), the verb of
#: their button ("Écrire …").
TITLE_PREFIXES = [
    # a press service's number: "AKTION/1019: …"
    re.compile(r"^aktion/\d+\s*:\s*", re.I),
    # a form's label: "URGENT ACTION TITLE: …", "Titre : …"
    re.compile(r"^(?:urgent\s+action\s+)?(?:title|t[ií]tulo|titre|titel)\s*:\s*", re.I),
    # the banner, after a space or a colon, or run into a title in capitals
    # ("Acción UrgenteDEFENSORAS …": a page's heading and title copied together)
    re.compile(
        r"^(?:urgent\s+action|acci[oó]n\s+urgente|action\s+urgente)"
        r"(?:\s+(?:update|actualizaci[oó]n|mise\s+[àa]\s+jour))?"
        r"(?:\s*[:–-]\s*|\s+|(?=(?-i:[A-ZÀ-Ý]{2})))",
        re.I,
    ),
    re.compile(
        r"^[^\W\d_][^–:]{0,40}?\s+[–-]\s+(?:briefaktion|action\s+lettre|"
        r"e-?mail-?aktion|online-?aktion|action\s+e-?mail|acci[oó]n\s+carta)\s+",
        re.I,
    ),
    re.compile(r"^(?:[ée]crire|signer|agir)\s+(?=(?-i:[A-ZÀ-Ý]))", re.I),
    # the kind of action as a label: "Briefaktion: Iran Drohende …"
    re.compile(
        r"^(?:briefaktion|action\s+lettre|e-?mail-?aktion|online-?aktion|"
        r"action\s+e-?mail|acci[oó]n\s+carta)\s*:\s*",
        re.I,
    ),
]
#: A country before the title: "Colombie. …", "Mexique .…", "POLAND: …".
TITLE_COUNTRY = re.compile(
    r"^(?P<country>[^\W\d_][^\W\d_ -]*(?:[ -][^\W\d_]+){0,3})\s*[.:]\s*(?=\w)"
)
#: A banner after the title: "… - URGENT ACTION".
TITLE_SUFFIX = re.compile(
    r"\s+[-–]\s+(?:URGENT ACTION|ACCIÓN URGENTE|ACTION URGENTE|ONLINE ACTION|"
    r"ACTION ALERT|PETITION|PETICIÓN|PÉTITION)$"
    # or the country and number in brackets: "… (Mexico 47.24)"
    r"|\s*\((?:[^\W\d_][^()\d]{0,40}\s)?\d{1,4}[./]\d{2}\)$"
    # or a link's arrow and its words: "… → Update"
    r"|\s+[→»]\s*[^→»]{1,30}$"
)

# --- Lines that open a part of the document ----------------------------------

#: The document's banner: "URGENT ACTION", "ACCIÓN URGENTE", "URGENT ACTION UPDATE".
BANNER = re.compile(
    rf"^(?:(?:{_ORDINAL})\s+|further\s+information\s+on\s+)?"
    r"(?:urgent\s+action|acci[oó]n\s+urgente|action\s+urgente|update|"
    r"actualizaci[oó]n|mise\s+[àa]\s+jour|aktualisierung)"
    r"(?:\s+(?:update|actualizaci[oó]n))?\s*:?$",
    re.I,
)
#: "TAKE ACTION:", "ACTÚA:", "QUÉ PUEDES HACER:" (the steps follow).
TAKE_ACTION = line_pattern("take_action")
#: "Actúen: redacten su propio llamamiento o utilicen esta carta modelo": the
#: officials follow, then the letter.
OWN_APPEAL = line_pattern("own_appeal")
#: "SAMPLE LETTER", "Musterbrief": the letter's salutation follows.
LETTER = line_pattern("letter")
#: "Appell an", "Write to:": the officials follow.
TARGETS = line_pattern("targets")
#: "Amnesty fordert:": what the appeals should say (not an address).
DEMANDS = line_pattern("demands")
#: The series or page an action is published in: "Briefe gegen das Vergessen".
SERIES = line_pattern("series")
#: A letter's subject line: "(Betreff: FAO …)".
SUBJECT = line_pattern("subject")
#: Site furniture, photo credits, the banner of a section's page.
FURNITURE = line_pattern("skip")
#: "ADDITIONAL INFORMATION", "INFORMACIÓN ADICIONAL", "Sachlage", "CONTEXTE".
ADDITIONAL_INFORMATION = line_pattern("additional")
#: Old-style appeals: "PLEASE WRITE IMMEDIATELY in English, Persian or your own language:".
WRITE_IN = re.compile(
    r"^(?:recommended\s+action\s*:\s*)?(?:please\s+)?write\s+(?:immediately\s+)?in\s+(?P<languages>.+?)\s*[:.]?\s*"
    r"(?:[-–•·]\s*(?P<rest>.*))?$",
    re.I,
)
#: The same in a sentence of a longer paragraph: "Schreiben Sie in gutem
#: Persisch, Arabisch, Englisch oder auf Deutsch.", "… en espagnol ou dans
#: votre propre langue".
WRITE_IN_SENTENCE = re.compile(
    r"(?:\b(?:write|schreiben\s+sie|[ée]crivez|escriba|escriban|escribe|escribir)|\bci-apr[eè]s\s*,)\s+"
    r"(?:(?:immediately|sofort)\s+)?(?:in|en|auf)\s+(?:gutem\s+)?"
    r"(?P<languages>[^.:;]{3,120}?)(?:\s+(?:an|to|[àa]))?\s*(?:[.:;]|$)",
    re.I,
)
#: A request that ends by naming whom to send it to, the envelope after it:
#: "Please send courteous letters … to: His Highness …/ Office …/ Bahrain."
REQUEST_TO = re.compile(
    r"^(?P<request>.{0,40}?\b(?:send|write|address|schreiben|schicken|"
    r"envoyez|envoyer|[ée]crivez|escriban?|env[ií]en)\b.{0,400}?\b(?:to|an|[àa])\s*:)"
    r"\s*(?P<rest>.*)$",
    re.I,
)
#: Whom a petition is addressed to, said in a sentence: "Dieser Appell richtet
#: sich an Gholamhossein Mohseni Ejei, Oberste Justizautorität …".
ADDRESSED_IN_SENTENCE = re.compile(
    r"\b(?:this\s+(?:appeal|petition|letter)\s+is\s+addressed\s+to|"
    r"(?:dieser|diese|der)\s+(?:appell|petition|brief)\s+richtet\s+sich\s+an|"
    r"cette\s+(?:p[ée]tition|lettre)\s+s['’]adresse\s+[àa]|"
    r"esta\s+(?:petici[oó]n|carta)\s+(?:se\s+dirige|est[aá]\s+dirigida)\s+a)\s+"
    r"(?P<name>[^,.;]{3,80}),\s*(?P<position>[^,.;]{3,120})",
    re.I,
)
#: A step that says whom to email, and at which address: "… envoyez-le par
#: email au Président égyptien Abdel Fattah al-Sissi via son adresse mail : …".
SEND_TO_SENTENCE = re.compile(
    r"\b(?:envoyez|envoyer|send|e-?mail|[ée]crivez|write|senden|schicken|env[ií]e[n]?)"
    r"\b[^.@]{0,60}?\b(?:au|aux|to|an\s+den|an\s+die|al|a\s+la)\s+"
    r"(?P<who>[^\W\d_][^.@:(]{3,80}?)\s+(?:via|at|unter|en)\b[^.@]{0,40}?"
    r"(?P<email>[^\s@:]{1,64}@[^\s@]{1,100}\.[^\W\d_]{2,})",
    re.I,
)
#: Copies: "CC: Embassy …", "And copies to:", "Sende eine Kopie an".
COPIES = line_pattern("copies")
#: "ALSO SEND COPIES TO DIPLOMATIC REPRESENTATIVES accredited to your country."
DIPLOMATS = re.compile(
    r"^(?:also\s+)?send\s+copies\s+to\s+(?:the\s+)?diplomatic|"
    r"^(?:env[ií]a\s+)?(?:tambi[eé]n\s+)?copias?\s+a\s+la\s+representaci[oó]n",
    re.I,
)
#: "…, for example:" at the end of the DIPLOMATS line: an embassy follows.
FOR_EXAMPLE = re.compile(r"\b(?:for\s+example|for\s+instance|por\s+ejemplo)\s*:$", re.I)
#: Boilerplate that says nothing about this action.
BOILERPLATE = re.compile(
    r"^(?:please\s+check\s+with\s+(?:the\s+|your\s+)?section\s+office|"
    r"please\s+insert\s+local\s+diplomatic|consulta\s+con\s+(?:la\s+)?secci[oó]n)",
    re.I,
)

# --- Labelled facts ------------------------------------------------------------

_DATE_TEXT = r"(?P<date>.*\d{4}.*)"
#: Deadlines said in a sentence anywhere, even in a paragraph: their words say
#: it is the last day for appeals ("The deadline for appeals is 4th June 2013",
#: "ENVOYEZ VOS APPELS AVANT LE 26 JANVIER 2015", "Mitmachen bis 20. August
#: 2025", "nach dem 4. Mai 2012 keine Appelle mehr").
SENTENCE_DEADLINES = [
    r"\bdeadline\s+for\s+(?:appeals|actions?|letters)\s+is\s+",
    r"\bappeals?\s+(?:before|by|until)\s*:?\s*",
    r"\bexpires?\s+on\s*:?\s*",
    r"\b(?:this\s+)?(?:urgent\s+)?action\s+(?:ended|ends|closes|closed)\s+on\s+",
    r"\bacci[oó]n\s+(?:ha\s+)?(?:finalizado|finaliz[oó]|termin[oó]|cerr[oó])\s*(?:el\s+)?\(?",
    r"\baction\s+(?:est\s+)?(?:termin[ée]e|close)\s+(?:le\s+)?\(?",
    r"\baktion\s+(?:ist\s+|wurde\s+)?(?:beendet|abgeschlossen)\s+(?:am\s+)?\(?",
    r"^(?:abgeschlossen|beendet)\s+am\s+",
    r"^(?:ended|closed)\s+on\s+",
    r"\b(?:appels|lettres)\s+avant\s+le\s+",
    r"\bagir\s+(?:jusqu['’]au|avant\s+le)\s+",
    r"\b(?:take\s+action|act|write)\s+(?:before|by)\s+",
    r"\bschreiben\s+sie\b.{0,60}?\bbis\s+(?:zum\s+|sp[äa]testens\s+)?(?=\d)",
    r"\b(?:mitmachen|appelle|briefe)\s+bis\s+(?:zum\s+)?",
    r"\bnach\s+dem\s+(?=.{0,40}?\d{4}\s+keine\s+(?:appelle|briefe))",
    r"\b(?:closing\s+date|action\s+ends|end\s+date)\s*:?\s*",
    r"\bd[ée]lai\s+d['’](?:envoi|action)\s*:?\s*",
    r"\beinsendeschluss\s*:?\s*",
    r"\b(?:schrijf|stuur|teken)\b.{0,40}?\b(?:v[óo][óo]r|uiterlijk)\s+(?=\d)",
    r"\bcontact\b.{0,40}?\bby\s+(?=\d|[A-Z])",
    # a petition's "Jusqu'au 20.11.2019" under its title
    r"^(?:jusqu['’]au|until|bis\s+(?:zum\s+)?|hasta\s+el)\s+(?=\d)",
    # "Von 29. Juli 2025 bis 30. September 2025:": the letters' weeks
    r"^von\s+\d{1,2}\.\s*\S+\s+\d{4}\s+bis\s+(?:zum\s+)?",
    r"\bsend\s+(?:your\s+)?(?:appeals|letters|emails)\b.{0,60}?\b(?:before|by)\s+",
    r"\bno\s+m[aá]s\s+tarde\s+del?\s+",
    r"\b(?:llamamientos|cartas|act[uú]a|firma|enviar|env[ií]en|escribir)\b.{0,40}?\b(?:antes|hasta)\s+(?:el|del?)\s+(?:pr[oó]ximo\s+)?(?=\d)",  # noqa: E501
    r"\b(?:appels?|lettres?|agir|[ée]crire|signer|signez|[ée]crivez)\b.{0,40}?\b"
    r"(?:avant\s+le|jusqu['’]au)\s+(?=\d)",
    r"\b(?:appelle|briefe|e-?mails|aktion)\b.{0,40}?\bbis\s+(?:zum\s+)?(?=\d)",
]
#: Longer lines are not searched for such sentences (a paragraph is shorter).
MAX_SENTENCE_SCAN = 10_000
#: A date in a sentence of :data:`SENTENCE_DEADLINES`, whose words come first.
SENTENCE_DEADLINE = re.compile(
    "(?:" + "|".join(SENTENCE_DEADLINES) + r")(?P<date>.{0,40}?\d{4})", re.I
)
#: A day and a month with no year after them: "30 de diciembre", "22 August".
DAY_AND_MONTH = re.compile(
    r"\b\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\b(?!\s*,?\s*(?:de\s+)?\d)"
)
#: The same with a day and month but no year ("… antes del próximo 30 de
#: diciembre"): the year is the action's (``parser`` finds it).
SENTENCE_DEADLINE_NO_YEAR = re.compile(
    "(?:" + "|".join(SENTENCE_DEADLINES) + r")"
    r"(?P<date>\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12})(?!\s*,?\s*(?:de\s+)?\d)",
    re.I,
)
#: Deadlines, most specific first; each leaves the date in the group "date".
DEADLINES = [
    # "PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: November 1, 2024"
    re.compile(r"\b(?:take\s+action|act)\b.*?\buntil\s*:?\s*" + _DATE_TEXT, re.I),
    # "PLEASE SEND APPEALS BEFORE 12 MARCH 2015 TO:"
    re.compile(r"\bappeals?\b.*?\b(?:before|by|until)\s*:?\s*" + _DATE_TEXT, re.I),
    # "This Urgent Action expires on June 1 2023."
    re.compile(r"\bexpires?\s+on\s*:?\s*" + _DATE_TEXT, re.I),
    # "ACTÚA LO ANTES POSIBLE, hasta el 15 de marzo de 2024"
    re.compile(r"\b(?:hasta|antes)\s+(?:el|del?)\s*:?\s*" + _DATE_TEXT, re.I),
    re.compile("^" + alternatives("deadline") + r"\s*:\s*" + _DATE_TEXT, re.I),
    *[re.compile(pattern + _DATE_TEXT, re.I) for pattern in SENTENCE_DEADLINES],
]
#: The explicit label, preferred when several instructions give a date.
DEADLINE_LABEL = re.compile("^" + alternatives("deadline") + r"\s*:", re.I)
#: How a deadline instruction begins ("PLEASE …", "ACTÚA …", "This Urgent Action
#: expires …"); a deadline is never taken from ordinary text.
DEADLINE_INSTRUCTION = re.compile(
    r"^(?:please\b|act[uú](?:a|en)\b|env[ií](?:a|en|e)\b|"
    r"(?:this|esta)\s+(?:urgent\s+action|acci[oó]n\s+urgente)\s+(?:expires|expira|vence)|"
    r"mitmachen\s+bis|agir\s+jusqu|envoyez\s+vos|"
    # an ended action's date alone: "Abgeschlossen am 15. Januar 2021"
    r"(?:abgeschlossen|beendet)\s+am\s+(?=\d)|(?:ended|closed)\s+on\s+(?=\w)|"
    + alternatives("deadline")
    + r"\s*:)",
    re.I,
)
#: A deadline label whose date is on the next line (wrapped PDFs):
#: "PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL:".
DEADLINE_WITHOUT_DATE = re.compile(
    r"(?:\buntil|\bbefore|\bby|\bexpires\s+on|\bhasta\s+el|\bantes\s+del?|"
    r"^deadline|^fecha\s+l[ií]mite)\s*:?$",
    re.I,
)
#: "PREFERRED LANGUAGE TO ADDRESS TARGET: Belarusian, Russian, English, or …".
PREFERRED_LANGUAGES = re.compile(
    r"^(?:preferred\s+languages?\b[^:]*|idiomas?\s+preferidos?\b[^:]*)\s*:\s*"
    r"(?P<languages>.+)$",
    re.I,
)
#: "NAME AND PRONOUN: Maryia Kalesnikava (She/her)".
NAME_AND_PRONOUN = re.compile(
    r"^(?:names?\s+and\s+pronouns?|nombres?\s+y\s+pronombres?)\s*:\s*"
    r"(?P<name>[^(]*?)\s*(?:\((?P<pronoun>[^)]*)\)\s*(?P<rest>.*?))?\s*\.?$",
    re.I,
)
#: Between two people in NAME AND PRONOUN: "Amina Otieno and Brian Mutua".
MORE_PEOPLE = re.compile(r"\s+(?:and|y|e)\s+|\s*[&;,]\s*", re.I)
#: "LINK TO PREVIOUS UA: https://…".
PREVIOUS_ACTION = re.compile(
    r"^(?:link\s+to\s+(?:the\s+)?previous\s+(?:ua|urgent\s+action)s?|"
    r"enlaces?\s+a\s+(?:la\s+)?(?:au|acci[oó]n\s+urgente)\s+anterior)\s*:\s*"
    r"(?P<url>\S+)",
    re.I,
)
#: "your own language", "tu propio idioma".
OWN_LANGUAGE = re.compile(r"\b(?:own|propi[oa]|propre|eigenen)\b", re.I)
#: Separators in a list of languages: commas and "or" / "and" / "o" / "y".
LANGUAGE_SEPARATORS = re.compile(
    r"\s*(?:,|;|/|\b(?:or|and|o|y|u|e|oder|und|ou|et)\b)\s*", re.I
)

# --- The letter ----------------------------------------------------------------

#: "Dear Minister,", "Your Excellency,", "Estimado Fiscal General:", "Monsieur
#: le Président,", "Sehr geehrter Herr Minister,".
SALUTATION = re.compile("^" + alternatives("salutation") + r"\b.{0,60}[,:]$", re.I)
#: The words a salutation begins with, whatever ends it.
SALUTATION_START = re.compile("^" + alternatives("salutation") + r"\b", re.I)
#: A petition's letter, below its addressees: "Les escribo para transmitirle …".
LETTER_OPENING = line_pattern("opening")
#: "Yours sincerely,", "Atentamente,", "Mit freundlichen Grüßen".
CLOSING = re.compile("^" + alternatives("closing") + r"\s*[,.]?$", re.I)

# --- Steps -----------------------------------------------------------------------

#: A bullet or number at the start of a line: "·", "•", "-", "1.", "a)".
BULLET = re.compile(r"^(?:[·•▪‣◦●\-–—*]|\d{1,2}[.)]|[a-z]\))\s*(?P<text>.*)$")
#: Words with which a step only points at a link.
CLICK_HERE = re.compile(r"^(?:click\s+here\s+to|haz\s+clic\s+aqu[ií]\s+para)\s+", re.I)
#: What a step asks for, tried in order (a ua_wagtail.actions.StepKind value).
STEP_KINDS = [
    (
        "report",
        re.compile(
            r"\blet\s+us\s+know\b|\breport\b|\btell\s+us\b|"
            r"\binf[oó]rm(?:a|ar)(?:nos)?\b|\bcu[eé]ntanos\b|\bregistra\b",
            re.I,
        ),
    ),
    ("letter", re.compile(r"\bletters?\b|\bcartas?\b|\bescrib[ea]\b", re.I)),
    ("email", re.compile(r"\be-?mails?\b|\bcorreo", re.I)),
    ("fax", re.compile(r"\bfax", re.I)),
    ("call", re.compile(r"\bcall\b(?!\s+on)|\bphone\b|\bll[aá]ma", re.I)),
    (
        "social",
        re.compile(r"\btweet|\bsocial\s+media\b|\bpost\b|\bredes\s+sociales\b", re.I),
    ),
]

# --- Targets -----------------------------------------------------------------------

#: Contact labels and the ParsedTarget field each fills (:data:`.labels.CONTACTS`).
CONTACT_LABELS = contact_labels()
_LABEL_ALTERNATIVES = "|".join(
    re.escape(label) for label in sorted(CONTACT_LABELS, key=len, reverse=True)
)
#: A contact label at the start of a line or after a space or a separator; a
#: capital "I" or "|" between two contacts is a separator, not part of a value.
CONTACT_LABEL = re.compile(
    rf"(?:^|(?<=\s))(?:[I|/;,]\s+)?\(?(?P<label>{_LABEL_ALTERNATIVES})\s*:\s*", re.I
)
#: Honorifics before a name, longest first.
HONORIFICS = [
    "The Rt Hon", "The Rt. Hon.", "Rt. Hon.", "Rt. Hon", "Rt Hon",
    "His Excellency", "Her Excellency", "His Highness", "Her Highness", "His Majesty",
    "Her Majesty", "Princess", "Prince", "H.E.", "Lt.-Gen.", "Lt. Gen.", "Maj.-Gen.",
    "Gen.", "Col.", "Maj.", "Capt.", "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms",
    "Dr.", "Dr", "Prof.", "The Honorable", "The Honourable", "Hon.", "Senior General",
    "Lt Gen", "Lieutenant General", "Major General", "Brigadier General",
    "General de División", "Général", "U", "Daw", "Ayatollah", "Sheikh", "al-Sheikh", "Shaikh", "Sr.", "Sra.", "Srta.",
    "Lic.", "Licenciado", "Licenciada", "Dña.", "Don", "Doña", "Mtro.", "Mtra.",
    "S.E. Herrn", "S.E. Frau", "S.E.", "Herrn", "Herr", "Frau", "M.", "Mme", "Me",
    "Monsieur", "Madame", "King", "Queen", "Emir",
]  # fmt: skip
HONORIFIC = re.compile(
    r"(?:^|(?<=\s))(?P<honorific>"
    + "|".join(re.escape(h) for h in HONORIFICS)
    + r")(?=\s)"
)
#: Words that begin an official's position.
POSITION_START = re.compile(
    r"^(?:(?:deputy|vice|acting|interim|public|state|federal|district|chief)\s+)?(?:minister|inspector|president|prime\s+minister|"
    r"prosecutor|attorney|governor|head|director|chief|ambassador|secretary|judge|"
    r"chair(?:man|woman|person)?|commissioner|mayor|king|emir|speaker|premier|"
    r"pr[äa]sident(?:in)?|pr[ée]sident(?:e)?|minist(?:er|re)|procureur|botschafter(?:in)?|ambassadeur|"
    r"charg[eé]|(?:supreme\s+)?leader|presidente|presidenta|ministr[oa]|fiscal|"
    r"secretari[oa]|gobernador[a]?|embajador[a]?|director[a]?|jef[ea]|"
    r"procurador[a]?|juez[a]?|comisionad[oa]|alcalde(?:sa)?)\b",
    re.I,
)
#: Words of a position rather than a name (for "Head of Judiciary Sadegh Larijani").
POSITION_WORDS = {
    "of", "the", "for", "and", "de", "del", "la", "el", "y", "general", "judiciary",
    "justice", "interior", "affairs", "foreign", "internal", "republic", "state",
    "public", "security", "defence", "defense", "national", "federal", "supreme",
    "court", "police", "minister", "president", "prosecutor", "attorney",
    "governor", "head", "director", "chief", "ambassador", "secretary", "judge",
    "office", "human", "rights", "ministry", "prime", "deputy", "commissioner",
    "fiscal", "presidente", "presidenta", "ministro", "ministra", "república",
    "justicia", "gobernación", "seguridad", "nacional", "mayor", "leader",
    "prosecutions", "services", "operations", "forces", "armed", "army", "staff",
    "administration", "council", "commission", "investigations", "intelligence",
    "prisons", "corrections", "immigration", "fiscalía",
}  # fmt: skip
#: Words of an address line rather than a name ("State House", "Palacio Nacional").
ADDRESS_WORDS = re.compile(
    r"\b(?:street|st\.|road|rd\.|avenue|ave\.|house|palace|building|box|square|"
    r"boulevard|lane|drive|floor|presidency|calle|avenida|av\.|palacio|edificio|"
    r"plaza|piso|carrera|colonia|capitol|blvd\.?|suite|palais|palast|place|rue|"
    r"chemin|stra(?:ss|ß)e|platz|allee|c/o)(?!\w)",
    re.I,
)
#: An organisation's name: "Embassy of Belarus in the United States".
ORGANISATION = re.compile(
    r"^(?:(?:the\s+)?(?:royal\s+)?(?:embassy|ministry|office|permanent\s+mission|mission|"
    r"consulate|department|high\s+commission|parliament|senate|national\s+assembly|"
    r"supreme\s+court|court|prosecutor'?s\s+office|council|commission|association)|"
    r"embajada|consejo|conselho|comisi[oó]n|comiss[aã]o|asociaci[oó]n|associa[cç][aã]o|ministerio|oficina|"
    r"secretar[ií]a|fiscal[ií]a|procuradur[ií]a|misi[oó]n\s+permanente|consulado|"
    r"presidencia|gobierno|tribunal|corte|botschaft|ambassade|minist[eè]re|"
    r"bureau|ministerium|the\s+state\s+council|department|"
    # "Mexican Embassy in the United States"
    r"(?:[^\W\d_]+(?:ian|can|ese|ish)|saudi|israeli|iraqi|thai|cuban|greek|french|"
    r"dutch|swiss|german|korean)\s+(?:embassy|consulate|high\s+commission))\b",
    re.I,
)
#: The host country of an embassy: "… in the United States", "… en España".
HOST_COUNTRY = re.compile(
    r"\b(?:in|to|en|ante)\s+(?:the\s+|el\s+|la\s+|los\s+)?(?P<country>[^,]+?)\s*$",
    re.I,
)
#: Capitals written without their country.
CITIES = {
    "washington dc": "US",
    "washington d.c.": "US",
    "washington, dc": "US",
    "washington, d.c.": "US",
    "london": "GB",
    "ottawa": "CA",
    "brussels": "BE",
    "madrid": "ES",
}
_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "us": "US",
    "the united states": "US",
    "uk": "GB",
    "the united kingdom": "GB",
    "russia": "RU",
    "iran": "IR",
    "estados unidos": "US",
    "eeuu": "US",
    "ee. uu.": "US",
    "ee.uu.": "US",
}


@functools.cache
def _country_table() -> dict[str, str]:
    table = dict(_COUNTRY_ALIASES)
    with translation.override("en"):
        for code, name in countries:
            table.setdefault(str(name).casefold(), code)
    for locale in ("en", "es", "fr", "de"):
        for code, name in Locale(locale).territories.items():
            if code in countries:
                table.setdefault(name.casefold(), code)
    return table


@functools.cache
def _country_regex() -> re.Pattern:
    names = sorted(_country_table(), key=len, reverse=True)
    return re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(n) for n in names if len(n) > 3)
        + r")(?!\w)",
        re.I,
    )


@functools.cache
def _short_country_regex() -> re.Pattern:
    """Short names ("USA", "UK") only in capitals and as whole words, so that
    "us" in "let us know" or the "UK" of "UKRAINE" do not count."""
    names = sorted(
        (n.upper() for n in _country_table() if len(n) <= 3), key=len, reverse=True
    )
    return re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])"
    )


def country_code(name: str) -> str:
    """The ISO code for a country's English or Spanish name, or ""."""
    key = re.sub(r"\s+", " ", name.strip(" .,;:")).casefold()
    return _country_table().get(key) or CITIES.get(key, "")


def find_country(text: str, last: bool = False) -> str:
    """The code of the first (or ``last``) country named in ``text``, or ""."""
    found = [*_country_regex().finditer(text), *_short_country_regex().finditer(text)]
    matches = [m[1] for m in sorted(found, key=lambda m: m.start())]
    if not matches:  # short names and aliases only as the last part: "…, USA"
        return country_code(text.rsplit(",", 1)[-1])
    return country_code(matches[-1] if last else matches[0])


@functools.cache
def _language_names() -> dict[str, str]:
    """Languages' names in Spanish, French and German, lower case → code."""
    return {
        name.casefold(): code
        for locale in ("es", "fr", "de")
        for code, name in Locale(locale).languages.items()
    }


def find_language(name: str) -> str:
    """A language code for a language's name in English, Spanish, French or
    German ("Russian", "inglés", "espagnol", "Persisch")."""
    name = re.sub(r"^(?:auf|en|in)\s+", "", name.strip(), flags=re.I)
    try:
        return language_code(name)
    except ValidationError:
        code = _language_names().get(name.casefold(), "")
        try:
            return language_code(code) if code else ""
        except ValidationError:
            return ""


# --- Words the parser's finer rules look for ---------------------------------------

#: A sentence that ends by asking for copies: "… envoyez la aussi en copie à :".
COPIES_AT_END = re.compile(
    r"\b(?:en\s+)?(?:cop(?:y|ies|ie|ia|ias)|kopien?)\s+(?:[àa]|to|an|aux)\s*:$", re.I
)

#: Words a salutation never begins with: "Or you can take action by:".
NOT_A_SALUTATION = re.compile(
    r"(?:or|and|you|we|please|click|to|for|if|o|y|ou|et|oder|und|si)\b", re.I
)

#: A request to tweet someone, and their handle: "tweet the King … @KingSalman".
TWEET_HANDLE = re.compile(
    r"\b(?:tweet|twittern?|tuite(?:a|en)?|tweetez)\b[^@\n]{0,80}?(?P<handle>@\w{1,30})",
    re.I,
)

#: A heading in capitals that names a kind of body: the body's name follows.
KIND_OF_BODY = re.compile(
    r"(?:organi[sz]ation|organizaci[oó]n|organisme|verband|verein|netzwerk|"
    r"network|r[ée]seau|red|ngo|ong)$",
    re.I,
)

#: The name of a place of work, not a person's position: "Attorney General's Office".
OFFICE_AT_END = re.compile(
    r"\b(?:office|ministry|embassy|court|secretariat|mission|department|unit|"
    r"palace|prison)$",
    re.I,
)

#: A word without which no sentence says whom a petition is addressed to.
ADDRESSED_WORDS = re.compile(r"addressed|richtet|adresse|dirig", re.I)

#: Letters after a name: "Sajid Javid MP".
POST_NOMINALS = re.compile(
    r"(?:\s+(?:MP|MEP|QC|KC|OBE|MBE|CBE|PhD))+$"
    # a Chinese official's position after the name: "Wen Jiabao Guojia Zongli"
    r"|\s+(?:Guojia\s+(?:Zongli|Zhuxi)|Zongli|Buzhang|Juzhang|Tingzhang|Shuji|"
    r"Jianchazhang|Yuanzhang|Zhuxi)$"
)

#: An article before a position: "Monsieur le Ministre", "Señor el Presidente".
ARTICLE = re.compile(r"(?:le|la|les|l['’]|el|los|las|der|die|the)(?:\s|(?<=['’]))")
