"""What the parser found in an Urgent Action document: plain data, no models."""

import datetime
from dataclasses import asdict, dataclass, field


@dataclass
class ParsedTarget:
    """An official (``role`` "primary") or a recipient of a copy ("cc")."""

    role: str = "primary"
    honorific: str = ""
    name: str = ""
    position: str = ""
    organisation: str = ""
    address: str = ""  # one line per envelope line, joined by "\n"
    country: str = ""  # ISO 3166-1 alpha-2, e.g. "BY"
    email: str = ""
    fax: str = ""
    phone: str = ""
    x_handle: str = ""  # "@name"
    facebook: str = ""  # a URL
    salutation: str = ""  # without the comma: "Dear Minister"
    preferred_languages: list[str] = field(default_factory=list)  # codes


@dataclass
class ParsedStep:
    kind: str  # a ua_wagtail.actions.StepKind value: letter, email, report, …
    text: str  # plain text, one paragraph


@dataclass
class ParsedAction:
    title: str = ""
    ua_number: str = ""  # "147/20"
    update_number: int = 1  # 3 for "Third Urgent Action"
    document_index: str = ""  # "AMR 19/015/2010"
    issued_on: datetime.date | None = None
    deadline: datetime.date | None = None
    subject_name: str = ""
    subject_pronoun: str = ""  # lower case, e.g. "she/her"
    country: str = ""  # ISO code of the country the action is about
    summary: str = ""
    steps: list[ParsedStep] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)
    letter_salutation: str = ""  # with its punctuation: "Dear Minister,"
    letter_paragraphs: list[str] = field(default_factory=list)
    letter_closing: str = ""  # "Yours sincerely,"
    additional_information: list[str] = field(default_factory=list)  # paragraphs
    preferred_languages: list[str] = field(default_factory=list)  # codes, in order
    own_language_welcome: bool = False
    previous_action_url: str = ""
    #: The language the document is written in ("es"), "" when unsure.
    language: str = ""
    #: What the parser saw but could not place, for the editor (translated).
    warnings: list[str] = field(default_factory=list)
    #: The document's lines as the parser read them (whitespace normalised, one
    #: per line of the text): what :attr:`sources` points into.
    lines: list[str] = field(default_factory=list)
    #: Where each found value came from: a field's path ("deadline",
    #: "targets[0].email", "letter_paragraphs", "steps[1]", "unplaced") → the
    #: indexes in :attr:`lines` it was read from, in order.
    sources: dict[str, list[int]] = field(default_factory=dict)
    #: Lines of text the parser could not place in any field, in order: shown
    #: to the editor, never dropped silently.
    unplaced: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """Plain JSON: dates in ISO 8601."""
        data = asdict(self)
        for name in ("issued_on", "deadline"):
            value = data[name]
            data[name] = value.isoformat() if value else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ParsedAction":
        """The inverse of :meth:`as_json`."""
        data = dict(data)
        for name in ("issued_on", "deadline"):
            if data[name]:
                data[name] = datetime.date.fromisoformat(data[name])
        data["steps"] = [ParsedStep(**step) for step in data["steps"]]
        data["targets"] = [ParsedTarget(**target) for target in data["targets"]]
        return cls(**data)

    @property
    def is_urgent_action(self) -> bool:
        """Enough was found to call this an Urgent Action at all."""
        return bool(self.title and (self.deadline or self.targets or self.ua_number))
