"""Tables and regular expressions the Urgent Action parser reads documents with.

English and Spanish wording. Every pattern is matched against one line of text
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

# --- Dates -------------------------------------------------------------------

MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("january", "jan", "enero"),
                ("february", "feb", "febrero"),
                ("march", "mar", "marzo"),
                ("april", "apr", "abril"),
                ("may", "mayo"),
                ("june", "jun", "junio"),
                ("july", "jul", "julio"),
                ("august", "aug", "agosto"),
                ("september", "sep", "sept", "septiembre", "setiembre"),
                ("october", "oct", "octubre"),
                ("november", "nov", "noviembre"),
                ("december", "dec", "diciembre"),
            ],
            start=1,
        )
        for name in names
    }
}
_MONTH = r"(?P<month>[A-Za-zéÉ]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
#: "1 November 2024", "15 de marzo de 2024", "12 MARCH 2015".
DAY_MONTH_YEAR = re.compile(
    rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I
)
#: "November 1, 2024", "June 1 2023".
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)


def find_date(text: str) -> datetime.date | None:
    """The first real date written out in ``text`` (English or Spanish)."""
    found = [m for p in (DAY_MONTH_YEAR, MONTH_DAY_YEAR) for m in p.finditer(text)]
    for match in sorted(found, key=lambda m: m.start()):
        month = MONTHS.get(match["month"].casefold())
        if month is None:
            continue
        try:
            return datetime.date(int(match["year"]), month, int(match["day"]))
        except ValueError:  # 31 February
            continue
    return None


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
        ],
        start=1,
    )
    for word in words
}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
_UA = r"(?:UA|AU|Urgent\s+Action|Acci[oó]n\s+Urgente|FI)"
#: "Third Urgent Action 147.20", "UA: 229/10", "FI 103/22-4", "Primera AU 047/24".
UA_NUMBER = re.compile(
    rf"(?:\b(?P<ordinal>{_ORDINAL})\s+)?\b(?P<kind>{_UA})\s*:?\s*"
    r"(?P<number>\d{1,4})[./](?P<year>\d{2}|\d{4})(?:-(?P<update>\d{1,2}))?\b",
    re.I,
)
#: An update of an earlier action without saying which: "Follow-up on UA 52/10".
FOLLOW_UP = re.compile(
    r"\b(?:follow[- ]up|further\s+information|update|actualizaci[oó]n|"
    r"informaci[oó]n\s+complementaria)\s+(?:on|to|of|de|sobre)\s+(?:the\s+|la\s+)?"
    + _UA,
    re.I,
)
#: "Index: AMR 19/015/2010" (Amnesty's document index).
DOCUMENT_INDEX = re.compile(
    r"\b(?:Index|[IÍ]ndice)\s*(?:AI)?\s*:\s*(?P<index>[A-Z]{3}\s*\d{2}/\d{3,4}/\d{4})",
    re.I,
)
#: "Date: 29 October 2010", "Fecha: 3 de abril de 2024".
ISSUE_DATE = re.compile(r"\b(?:Issue\s+date|Date|Fecha)\s*:\s*(?P<rest>.+)$", re.I)
#: The country in a header line: between the index and the date, or a "|" cell.
HEADER_COUNTRY = re.compile(
    r"\d{4}\s*(?:\|\s*)?(?P<country>[^|:\d]+?)\s*(?:\|\s*)?(?:Issue\s+date|Date|Fecha)\s*:",
    re.I,
)

# --- Lines that open a part of the document ----------------------------------

#: The document's banner: "URGENT ACTION", "ACCIÓN URGENTE", "URGENT ACTION UPDATE".
BANNER = re.compile(
    rf"^(?:(?:{_ORDINAL})\s+|further\s+information\s+on\s+)?"
    r"(?:urgent\s+action|acci[oó]n\s+urgente)"
    r"(?:\s+(?:update|actualizaci[oó]n))?\s*:?$",
    re.I,
)
#: "TAKE ACTION:", "ACTÚA:", "QUÉ PUEDES HACER:" (the steps follow).
TAKE_ACTION = re.compile(
    r"^(?:take\s+action|act[uú]a(?:\s+ya)?|qu[eé]\s+puedes\s+hacer|"
    r"recommended\s+action|acci[oó]n\s+recomendada)\s*(?::\s*(?P<rest>.*))?$",
    re.I,
)
#: "ADDITIONAL INFORMATION", "INFORMACIÓN ADICIONAL".
ADDITIONAL_INFORMATION = re.compile(
    r"^(?:additional\s+information|background\s+information|"
    r"informaci[oó]n\s+(?:adicional|complementaria))\s*:?$",
    re.I,
)
#: Old-style appeals: "PLEASE WRITE IMMEDIATELY in English, Persian or your own language:".
WRITE_IN = re.compile(
    r"^(?:recommended\s+action\s*:\s*)?(?:please\s+)?write\s+(?:immediately\s+)?in\s+(?P<languages>.+?)\s*[:.]?\s*"
    r"(?:[-–•·]\s*(?P<rest>.*))?$",
    re.I,
)
#: Copies: "CC: Embassy …", "And copies to:", "Con copia a:".
COPIES = re.compile(
    r"^(?:cc|c\.c\.|(?:and\s+)?(?:send\s+)?copies\s+to|(?:y\s+)?con\s+copia\s+a|"
    r"copia\s+a|copias\s+a)\s*:\s*(?P<rest>.*)$",
    re.I,
)
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
    re.compile(r"^(?:deadline|fecha\s+l[ií]mite)\s*:\s*" + _DATE_TEXT, re.I),
]
#: The explicit label, preferred when several instructions give a date.
DEADLINE_LABEL = re.compile(r"^(?:deadline|fecha\s+l[ií]mite)\s*:", re.I)
#: How a deadline instruction begins ("PLEASE …", "ACTÚA …", "This Urgent Action
#: expires …"); a deadline is never taken from ordinary text.
DEADLINE_INSTRUCTION = re.compile(
    r"^(?:please\b|act[uú](?:a|en)\b|env[ií](?:a|en|e)\b|"
    r"(?:this|esta)\s+(?:urgent\s+action|acci[oó]n\s+urgente)\s+(?:expires|expira|vence)|"
    r"deadline\s*:|fecha\s+l[ií]mite\s*:)",
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
OWN_LANGUAGE = re.compile(r"\b(?:own|propio)\b", re.I)
#: Separators in a list of languages: commas and "or" / "and" / "o" / "y".
LANGUAGE_SEPARATORS = re.compile(
    r"\s*(?:,|;|/|\bor\b|\band\b|\bo\b|\by\b|\bu\b|\be\b)\s*", re.I
)

# --- The letter ----------------------------------------------------------------

#: "Dear Minister,", "Your Excellency,", "Estimado Fiscal General:".
SALUTATION = re.compile(
    r"^(?:dear|your\s+excellency|estimad[oa]s?|señor[a]?|sr\.|sra\.|"
    r"excelent[ií]sim[oa]|distinguid[oa]s?|honorable)\b.{0,60}[,:]$",
    re.I,
)
#: "Yours sincerely,", "Atentamente,".
CLOSING = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully|truly)|sincerely(?:\s+yours)?|"
    r"kind\s+regards|best\s+regards|respectfully|atentamente|respetuosamente|"
    r"cordialmente|(?:un\s+)?saludo\s+cordial|saludos\s+cordiales|"
    r"le\s+saluda\s+atentamente)\s*[,.]?$",
    re.I,
)

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

#: Contact labels and the ParsedTarget field each fills.
CONTACT_LABELS = {
    "email": "email",
    "e-mail": "email",
    "correo-e": "email",
    "correo electrónico": "email",
    "correo": "email",
    "fax": "fax",
    "phone": "phone",
    "tel": "phone",
    "tel.": "phone",
    "telephone": "phone",
    "teléfono": "phone",
    "twitter": "x_handle",
    "x": "x_handle",
    "facebook": "facebook",
    "salutation": "salutation",
    "saludo": "salutation",
    "tratamiento": "salutation",
}
_LABEL_ALTERNATIVES = "|".join(
    re.escape(label) for label in sorted(CONTACT_LABELS, key=len, reverse=True)
)
#: A contact label at the start of a line or after a space or a separator; a
#: capital "I" or "|" between two contacts is a separator, not part of a value.
CONTACT_LABEL = re.compile(
    rf"(?:^|(?<=\s))(?:[I|/;,]\s+)?(?P<label>{_LABEL_ALTERNATIVES})\s*:\s*", re.I
)
#: Honorifics before a name, longest first.
HONORIFICS = [
    "His Excellency", "Her Excellency", "H.E.", "Lt.-Gen.", "Lt. Gen.", "Maj.-Gen.",
    "Gen.", "Col.", "Maj.", "Capt.", "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms",
    "Dr.", "Dr", "Prof.", "Hon.", "Senior General", "Ayatollah", "Sheikh", "Sr.", "Sra.", "Srta.",
    "Lic.", "Licenciado", "Licenciada", "Dña.", "Don", "Doña", "Mtro.", "Mtra.",
]  # fmt: skip
HONORIFIC = re.compile(
    r"(?:^|(?<=\s))(?P<honorific>"
    + "|".join(re.escape(h) for h in HONORIFICS)
    + r")(?=\s)"
)
#: Words that begin an official's position.
POSITION_START = re.compile(
    r"^(?:(?:deputy|vice|acting|interim)\s+)?(?:minister|inspector|president|prime\s+minister|"
    r"prosecutor|attorney|governor|head|director|chief|ambassador|secretary|judge|"
    r"chair(?:man|woman|person)?|commissioner|mayor|king|emir|speaker|"
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
    r"plaza|piso|carrera|colonia|c/o)(?!\w)",
    re.I,
)
#: An organisation's name: "Embassy of Belarus in the United States".
ORGANISATION = re.compile(
    r"^(?:(?:the\s+)?(?:embassy|ministry|office|permanent\s+mission|mission|"
    r"consulate|department|high\s+commission|parliament|senate|national\s+assembly|"
    r"supreme\s+court|court|prosecutor'?s\s+office|council|commission|association)|"
    r"embajada|consejo|conselho|comisi[oó]n|comiss[aã]o|asociaci[oó]n|associa[cç][aã]o|ministerio|oficina|"
    r"secretar[ií]a|fiscal[ií]a|procuradur[ií]a|misi[oó]n\s+permanente|consulado|"
    r"presidencia|gobierno|tribunal|corte)\b",
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
    for locale in ("en", "es"):
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
def _spanish_language_names() -> dict[str, str]:
    return {name.casefold(): code for code, name in Locale("es").languages.items()}


def find_language(name: str) -> str:
    """A language code for an English or Spanish name ("Russian", "inglés")."""
    try:
        return language_code(name)
    except ValidationError:
        code = _spanish_language_names().get(name.strip().casefold(), "")
        try:
            return language_code(code) if code else ""
        except ValidationError:
            return ""
