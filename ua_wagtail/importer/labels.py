"""The words Urgent Action documents label their parts with, language by language.

Each row of :data:`LABELS` names a kind of line (what the parser does with it),
the language and a regular expression for the words, matched at the start of a
line (case-insensitive, whitespace already normalised). A new publisher's way
of writing is mostly new rows here; :func:`line_pattern` compiles a kind's rows
into one pattern, which :mod:`.patterns` and :mod:`.parser` use.

The kinds:

``targets``
    opens the list of officials to write to ("Appell an", "Write to").
``copies``
    opens the list of those to send a copy to ("CC:", "Sende eine Kopie an").
``take_action``
    opens the steps ("TAKE ACTION:", "ACTÚA:", "PASSEZ À L'ACTION").
``own_appeal``
    asks for an appeal in one's own words or the model letter below: the
    officials follow, then the letter ("Actúen: redacten su propio llamamiento…").
``letter``
    the heading of the sample letter ("SAMPLE LETTER"), alone or run together
    with its salutation ("SAMPLE LETTER Dear Ambassador, …").
``demands``
    the points an appeal should make ("Amnesty fordert:"): the targets end.
``additional``
    background information ("ADDITIONAL INFORMATION", "Sachlage", "CONTEXTE").
``closing``
    ends the sample letter ("Yours sincerely,", "Mit freundlichen Grüßen").
``salutation``
    begins the sample letter ("Dear …,", "Sehr geehrter …,", "Monsieur le …,").
``opening``
    the first words of a letter that has no salutation, as petitions write it
    below their addressees ("I am writing to …", "Les escribo para …").
``deadline``
    labels the last day for appeals ("Deadline: …", "Frist: …").
``series``
    names the series or the page an action is published in, not the action
    ("Briefe gegen das Vergessen", "Aktion des Monats Oktober 2017", "Appels
    urgents de novembre 2019"): the title, unless one follows it.
``subject``
    a letter's subject or reference line, no one's address ("(Betreff: …)").
``skip``
    says nothing about this action: site furniture, photo credits, the banner.
"""

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    kind: str
    language: str
    words: str  # a regular expression, matched at the start of a line


#: Every label, by kind and language. The words are matched case-insensitively
#: at the start of a line, and must end there, or before a ":" or the rest of
#: the line, as :func:`line_pattern` says.
LABELS = [
    # --- the officials to write to
    Label("targets", "en", r"(?:please\s+)?(?:write|send\s+appeals)\s+to"),
    Label("targets", "en", r"address(?:es)?\s+for\s+appeals|write\s+a\s+letter"),
    Label("targets", "en", r"contact\s+(?:information|details)|contacts|who\s+to\s+(?:write\s+to|contact)"),  # noqa: E501
    # the Secretariat's drafting form: "TARGET’S CONTACT DETAILS & “COPIES TO”"
    Label("targets", "en", r"target['’]?s['’]?\s+contact\s+details(?:\s*&\s*\W*copies\s+to\W*)?"),  # noqa: E501
    Label("targets", "en", r"(?:targets?|recipients?|officials)(?:\s+to\s+(?:write\s+to|contact))?"),  # noqa: E501
    Label("targets", "es", r"datos\s+de\s+contacto|destinatari[oa]s?"),
    Label("targets", "es", r"(?:escribe|escriban|env[ií]a|env[ií]en)\s+(?:sus\s+|tus\s+|los\s+)?(?:llamamientos\s+)?a"),  # noqa: E501
    Label("targets", "fr", r"(?:[ée]crire|[ée]crivez)\s+(?:[àa]|au|aux)"),
    Label("targets", "fr", r"adresses?|destinataires?|coordonn[ée]es|[àa]\s+qui\s+[ée]crire"),  # noqa: E501
    Label("targets", "de", r"appell(?:e)?\s+an"),
    Label("targets", "de", r"(?:bitte\s+)?schreiben\s+sie\s+an"),
    Label("targets", "de", r"adressen|empf[äa]nger(?:innen)?|kontakt(?:daten)?|adressat(?:en|innen)?"),  # noqa: E501
    # --- an explicit deadline: "Deadline: …", "Fecha límite: …"
    Label("deadline", "en", r"(?:appeals?\s+)?deadline(?:\s+(?:for\s+(?:action|appeals)|notice))?"),  # noqa: E501
    Label("deadline", "en", r"closing\s+date|end\s+date|action\s+ends"),
    Label("deadline", "es", r"fecha\s+(?:l[ií]mite|de\s+cierre|de\s+vencimiento)|vence"),
    Label("deadline", "fr", r"date\s+(?:limite|de\s+cl[ôo]ture|butoir)|[ée]ch[ée]ance|d[ée]lai\s+d['’](?:envoi|action)"),  # noqa: E501
    Label("deadline", "de", r"frist|einsendeschluss|(?:aktion\s+)?l[äa]uft\s+bis|g[üu]ltig\s+bis"),  # noqa: E501
    # --- copies
    Label("copies", "en", r"(?:cc|c\.c\.|(?:and\s+)?(?:send\s+)?cop(?:y|ies)(?:\s+(?:of\s+(?:this|the|your)\s+letters?\s+)?to)?)"),  # noqa: E501
    Label("copies", "es", r"(?:y\s+)?(?:con\s+)?copias?\s+a"),
    Label("copies", "fr", r"copies?\s+(?:[àa]\s+envoyer\s+)?(?:[àa]|aux)"),
    Label("copies", "de", r"(?:sende|senden\s+sie)\s+(?:eine\s+)?kopien?\s+an"),
    Label("copies", "de", r"kopien?\s+an"),
    # --- the steps
    Label("take_action", "en", r"take\s+action|recommended\s+action"),
    Label("take_action", "es", r"act[uú]a(?:\s+ya)?|qu[eé]\s+puedes\s+hacer"),
    Label("take_action", "es", r"acci[oó]n\s+recomendada"),
    Label("take_action", "fr", r"passez\s+[àa]\s+l['’]action|agissez"),
    Label("take_action", "de", r"(?:werden\s+sie\s+aktiv|handeln\s+sie)"),
    # --- "write your own appeal or use the model letter below"
    Label("own_appeal", "es", r"act[uú](?:a|en)\s*:\s*redact(?:a|en)\s+(?:tu|su)\s+propio\s+llamamiento"),  # noqa: E501
    Label("own_appeal", "fr", r"passez\s+[àa]\s+l['’]action\s*:\s*envoyez\s+un\s+appel"),  # noqa: E501
    Label("own_appeal", "en", r"write\s+(?:your\s+own\s+)?(?:appeal|letter)\s+(?:in\s+your\s+own\s+words\s+)?(?:or|using)"),  # noqa: E501
    # --- the sample letter
    Label("letter", "en", r"(?:sample|model)\s+letter"),
    Label("letter", "es", r"carta\s+modelo"),
    Label("letter", "fr", r"mod[eè]le\s+de\s+lettre|lettre\s+type"),
    Label("letter", "de", r"musterbrief|briefvorschlag"),
    # --- what an appeal demands
    Label("demands", "de", r"amnesty\s+fordert"),
    Label("demands", "de", r"schreiben\s+sie\s+bitte\s+(?:e-?mails|briefe|faxe)"),
    Label("demands", "fr", r"amnesty\s+(?:international\s+)?demande"),
    Label("demands", "es", r"amnist[ií]a\s+(?:internacional\s+)?pide"),
    # --- background
    Label("additional", "en", r"(?:additional|background)\s+information"),
    Label("additional", "es", r"informaci[oó]n\s+(?:adicional|complementaria)"),
    Label("additional", "fr", r"(?:informations?\s+compl[ée]mentaires?|contexte)"),
    Label("additional", "de", r"(?:sachlage|hintergrund(?:informationen)?)"),
    # --- the letter's end
    Label("closing", "en", r"yours\s+(?:sincerely|faithfully|truly|respectfully)|(?:sincerely|respectfully)(?:\s+yours)?"),  # noqa: E501
    Label("closing", "en", r"(?:with\s+)?(?:kind|best)\s+regards"),
    Label("closing", "es", r"atentamente|respetuosamente|cordialmente"),
    Label("closing", "es", r"(?:un\s+)?saludo\s+cordial|saludos\s+cordiales"),
    Label("closing", "es", r"le\s+saluda\s+atentamente"),
    Label("closing", "fr", r"(?:veuillez\s+agr[ée]er|je\s+vous\s+prie\s+d['’]agr[ée]er).{0,120}"),  # noqa: E501
    Label("closing", "fr", r"(?:respectueusement|cordialement)"),
    Label("closing", "fr", r"(?:avec\s+)?(?:mes|nos)\s+salutations\s+(?:distingu[ée]es|respectueuses)"),  # noqa: E501
    Label("closing", "de", r"mit\s+freundlichen\s+gr[üu](?:ß|ss)en|hochachtungsvoll"),
    Label("closing", "de", r"(?:freundliche|beste)\s+gr[üu](?:ß|ss)e"),
    # --- the letter's beginning: these words, then up to 60 characters and "," or ":"
    Label("salutation", "en", r"dear|your\s+(?:excellency|majesty|highness)"),
    Label("salutation", "es", r"estimad[oa]s?|señor[a]?|sr\.|sra\.|excelent[ií]sim[oa]"),  # noqa: E501
    Label("salutation", "es", r"distinguid[oa]s?|honorable|majestad|alteza"),
    Label("salutation", "fr", r"monsieur|madame|messieurs|mesdames|excellence|majest[ée]"),
    Label("salutation", "de", r"sehr\s+geehrte[rn]?|exzellenz|majest[äa]t"),
    # --- a letter without salutation, below its addressees (petitions)
    Label("opening", "en", r"(?:i|we)\s+(?:am|are)\s+writing\s+to|(?:i|we)\s+(?:urge|call\s+on)\s+you"),  # noqa: E501
    Label("opening", "es", r"les?\s+escribo|me\s+dirijo\s+a\s+usted(?:es)?|les?\s+(?:pido|pedimos|exijo|exigimos|insto)"),  # noqa: E501
    Label("opening", "fr", r"je\s+vous\s+(?:[ée]cris|demande|prie)|nous\s+vous\s+demandons"),
    Label("opening", "de", r"ich\s+(?:schreibe\s+ihnen|wende\s+mich\s+an\s+sie|fordere\s+sie)"),  # noqa: E501
    # --- the series an action is published in (the whole line)
    Label("series", "en", r"(?:write\s+for\s+rights|letters?\s+of\s+the\s+month|action\s+of\s+the\s+month|(?:amnesty\s+)?urgent\s+actions)\b.{0,30}$"),  # noqa: E501
    Label("series", "de", r"(?:aktion/\d+\s*:\s*)?(?:briefe?\s+gegen\s+das\s+vergessen|aktion\s+des\s+monats|eilaktionen|appellbriefe|briefmarathon)\b.{0,60}$"),  # noqa: E501
    Label("series", "de", r"(?:amnesty\s+international\s+)?gruppe\s+[^.!?]{1,40}$|impressum\s*$"),  # noqa: E501
    Label("series", "fr", r"(?:appels?\s+urgents?|actions?\s+urgentes|lettres?\s+du\s+mois|[ée]crire\s+et\s+signer\s+les\s+appels)\b.{0,30}$"),  # noqa: E501
    Label("series", "es", r"(?:cartas?\s+del\s+mes|acciones\s+urgentes)\b.{0,30}$"),
    Label("series", "en", r"(?:p[ée]tition|petici[oó]n|online\s+action|e-?mail\s+action)\s*$"),  # noqa: E501
    # --- a subject line
    Label("subject", "en", r"\(?(?:re|subject)\s*:"),
    Label("subject", "de", r"\(?betreff\s*:"),
    Label("subject", "fr", r"\(?objet\s*:"),
    Label("subject", "es", r"\(?asunto\s*:"),
    # --- furniture
    Label("skip", "en", r"-\s*from\s+amnesty\s+international"),
    Label("skip", "en", r"(?:amnesty\s+international|amnist[ií]a\s+internacional|amnistie\s+internationale)\s*$"),  # noqa: E501
    Label("skip", "en", r"to\s+(?:learn|read)\s+(?:about\s+)?(?:recent|the\s+current)\s+urgent\s+action"),  # noqa: E501
    Label("skip", "en", r"for\s+a\s+print-friendly\s+version"),
    Label("skip", "en", r"(?:or\s+)?take\s+action\s+online\s+at\s*:"),
    Label("skip", "en", r"urgent\s+action\s+(?:appeal|\d{1,2}-\d{1,2}-\d{2,4})"),
    Label("skip", "en", r"note\s*:\s*please\s+write\s+on\s+beh\w*"),
    Label("skip", "es", r"red\s+de\s+acciones\s+urgentes"),
    # photo credits and captions, a page's navigation and print hints
    Label("skip", "en", r"(?:image|photo|picture|credit)s?\s*:|home\s*$|menu\s*$|skip\s+to\s+content"),  # noqa: E501
    Label("skip", "de", r"(?:bild|foto)\s*:|v\.\s?l\.\s?n\.\s?r\.|druckhinweise|startseite\s*$"),  # noqa: E501
    Label("skip", "fr", r"(?:cr[ée]dit\s+)?photo\s*:|accueil\b|page\s+\d+\s+(?:de|sur)\s+\d+"),  # noqa: E501
    Label("skip", "es", r"(?:foto|imagen)\s*:|inicio\s*$"),
    # an image's placeholder, a link past the menu, a network's banner
    Label("skip", "en", r"(?:picture|image|photo|graphic|foto|bild|imagen)\s*$"),
    Label("skip", "en", r"skip\s+to\s+(?:main\s+)?content|urgent\s+action\s+network\b.{0,30}$"),  # noqa: E501
    Label("skip", "fr", r"(?:acc[ée]der|aller)\s+au\s+contenu"),
    # a button alone on its line
    Label("skip", "fr", r"(?:agir|signer|partager|faire\s+un\s+don)\s*$"),
    Label("skip", "en", r"(?:share|donate|sign\s+(?:now|the\s+petition))\s*$"),
    Label("skip", "de", r"(?:teilen|spenden|jetzt\s+unterschreiben)\s*$"),
    Label("skip", "es", r"(?:compartir|donar|firma\s+ahora)\s*$"),
    Label("skip", "de", r"zum\s+inhalt(?:\s+springen)?\s*$"),
    Label("skip", "es", r"(?:saltar|ir)\s+al\s+contenido"),
    Label("skip", "en", r"(?:urgent\s+action|acci[oó]n\s+urgente|action\s+urgente)\s+(?:de|from|of)\s+(?:amnesty|amnist[ií]a|amnistie)\b.{0,30}$"),  # noqa: E501
    # breadcrumbs ("Schattenblick → INFOPOOL → …") and an icon's name repeated
    Label("skip", "en", r"[^→»›]{1,60}(?:\s?[→»›]\s?[^→»›]{1,60}){2,}$"),
    # amnesty.es's motto, on one line or two
    Label("skip", "es", r"actuamos\s+por\s+los\s+derechos\s+humanos(?:\s+en\s+todo\s+el\s+mundo)?\s*$|en\s+todo\s+el\s+mundo\s*$"),  # noqa: E501
    Label("skip", "de", r"mitteilung\s+schlie(?:ss|ß)en\s*$"),
    Label("skip", "en", r"(?P<icon>(?-i:[A-Z][a-z])[^\n]{2,38}?)(?P=icon){2,}.*$"),
    # a listing's count of its items: "6227 articles"
    Label("skip", "en", r"\d[\d.,\s]*\s+(?:articles|results|r[ée]sultats|ergebnisse|resultados|art[ií]culos)\s*$"),  # noqa: E501
    # postage: "Port : Fr. 2.00 (courrier A)", "Porto: 1,10 €"
    Label("skip", "fr", r"(?:port|porto|affranchissement)\s*:"),
    Label("skip", "fr", r"action\s+termin[ée]e|(?:termin[ée]e|lanc[ée]e)\s+le(?=\s+\d)"),
    # a page's print hints: "Einstellungen -> Gesamtbild -> …"
    Label("skip", "de", r"[^>]{0,40}\s->(?=\s)|f[üu]r\s+ein\s+optimales\s+druckergebnis|diese\s+einstellungen\s+gelten|internet\s+explorer|rtf\s+format|seite\s+einrichten"),  # noqa: E501
    Label("skip", "en", r"close\s*$|back\s+to\s+(?:links|top)\s*$|print\s*$"),
    Label("skip", "fr", r"r[ée]seau\s+actions\s+urgentes"),
    Label("skip", "de", r"briefaktion"),
    Label("skip", "de", r"absender(?:in)?\b.{0,40}|datum\s*$"),
]  # fmt: skip

#: Contact labels, by the ParsedTarget field each fills and language: the words
#: before the colon ("Correo-e: …", "(korrekte Anrede: …)").
CONTACTS = {
    "email": {
        "en": ["email", "e-mail", "mail", "email address", "e-mail address", "emails"],
        "es": ["correo-e", "correo electrónico", "correo"],
        "fr": ["courriel", "adresse électronique", "e-mail"],
        "de": ["e-mail", "email", "e-mail-adresse"],
    },
    "fax": {
        "en": ["fax", "fax number", "fax no."],
        "es": ["fax"],
        "fr": ["fax", "télécopie"],
        "de": ["fax", "telefax"],
    },  # noqa: E501
    "phone": {
        "en": ["phone", "tel", "tel.", "telephone", "phone number", "ph", "mobile"],
        "es": ["teléfono", "tel.", "tel"],
        "fr": ["téléphone", "tél", "tél."],
        "de": ["telefon", "tel", "tel.", "telefonnummer"],
    },
    "x_handle": {
        "en": [
            "twitter",
            "x",
            "twitter/x",
            "x/twitter",
            "x (twitter)",
            "twitter (x)",
            "x (formerly twitter)",
        ],  # noqa: E501
        "es": ["twitter", "x"],
        "fr": ["twitter", "x"],
        "de": ["twitter", "x"],
    },  # noqa: E501
    "facebook": {
        "en": ["facebook"],
        "es": ["facebook"],
        "fr": ["facebook"],
        "de": ["facebook"],
    },  # noqa: E501
    "salutation": {
        "en": ["salutation"],
        "es": ["saludo", "tratamiento", "encabezado"],
        "fr": ["formule d'appel", "formule d’appel"],
        "de": ["anrede", "korrekte anrede"],
    },
}


def contact_labels() -> dict[str, str]:
    """Every contact label (lower case) → the field it fills."""
    return {
        word: field
        for field, by_language in CONTACTS.items()
        for words in by_language.values()
        for word in words
    }


#: The kinds whose line holds nothing but the label (and perhaps a colon):
#: the rest of the line, if any, is text of its own.
HEADINGS = ("targets", "copies", "take_action", "letter", "demands", "additional")


@functools.cache
def line_pattern(kind: str) -> re.Pattern:
    """The rows of ``kind`` as one pattern for the start of a line.

    A heading's words (after a Spanish "¡" or "¿", if any) must end the line,
    or be followed by a colon or "!" and the rest of the line (in the group
    ``rest``); the other kinds' words need only begin it (and end a word)."""
    words = alternatives(kind)
    if kind in HEADINGS:
        return re.compile(rf"^[¡¿]?(?:{words})\s*(?:[:!]\s*(?P<rest>.*))?$", re.I)
    return re.compile(rf"^(?:{words})(?!\w)", re.I)


def alternatives(kind: str) -> str:
    """The words of every row of ``kind``, as one group of alternatives."""
    return (
        "(?:" + "|".join(f"(?:{row.words})" for row in LABELS if row.kind == kind) + ")"
    )


def languages() -> list[str]:
    """The languages the table has rows for."""
    return sorted({label.language for label in LABELS})
