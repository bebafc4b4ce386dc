"""Why a document cannot be imported: :class:`DocumentError` and its messages.

Each function returns a message translated into the active language and fit to
show an editor; the readers raise ``DocumentError(message)`` with it.
"""

from pathlib import PurePath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext


class DocumentError(ValueError):
    """The document cannot be imported; ``message`` says why, translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def too_large(size, limit):
    return gettext(
        "The file is %(size)s; the largest document that can be imported is %(limit)s."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(limit)}


def unreadable():
    return gettext(
        "The file could not be read: it may be damaged. Open it in its "
        "application, save it again and import the new copy."
    )


def wrong_type(name):
    return gettext(
        "“%(name)s” is not a document that can be imported: choose a plain text "
        "(.txt), Word (.docx) or PDF (.pdf) file."
    ) % {"name": PurePath(name or "").name}


def not_what_it_says(name, kind):
    return gettext(
        "“%(name)s” is named like a %(kind)s file, but its content is not one."
    ) % {"name": PurePath(name).name, "kind": kind}


def protected(kind):
    return gettext(
        "The %(kind)s document is password-protected or encrypted. Save a copy "
        "without a password and import that."
    ) % {"kind": kind}


def too_many_parts(count):
    return ngettext(
        "The Word document is made of %(count)s part, far more than a real "
        "document: is it the right file?",
        "The Word document is made of %(count)s parts, far more than a real "
        "document: is it the right file?",
        count,
    ) % {"count": count}


def unpacks_too_much(limit):
    return gettext(
        "The document unpacks to more than %(limit)s, far more than an Urgent "
        "Action: is it the right file?"
    ) % {"limit": filesizeformat(limit)}


def zip_bomb():
    return gettext(
        "The Word document unpacks to far more than its size suggests, as files "
        "made to overload a server do, so it was not opened."
    )


def too_many_pages(count, limit):
    return ngettext(
        "The PDF has %(count)s page; at most %(limit)s can be imported. Is it the "
        "right file?",
        "The PDF has %(count)s pages; at most %(limit)s can be imported. Is it the "
        "right file?",
        count,
    ) % {"count": count, "limit": limit}


def too_much_text(limit):
    return gettext(
        "The document holds more than %(count)s characters of text, far more than "
        "an Urgent Action: is it the right file?"
    ) % {"count": f"{limit:,}"}


def took_too_long(seconds):
    return ngettext(
        "Reading the document took too long (more than %(seconds)s second), so it "
        "was stopped. It may be damaged, or far heavier than an Urgent Action: "
        "save it as plain text (.txt) and import that.",
        "Reading the document took too long (more than %(seconds)s seconds), so it "
        "was stopped. It may be damaged, or far heavier than an Urgent Action: "
        "save it as plain text (.txt) and import that.",
        seconds,
    ) % {"seconds": seconds}


def too_much_memory(limit):
    return gettext(
        "Reading the document needed too much memory (more than %(limit)s), so it "
        "was stopped. It may be damaged, or far heavier than an Urgent Action: "
        "save it as plain text (.txt) and import that."
    ) % {"limit": filesizeformat(limit)}
