"""Spreadsheet exports that run nothing when opened.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula by spreadsheet programs, so a reporter's name or an
editor's field could run one on a staff member's computer (CSV injection). Every
text cell that starts so, after any spaces (which some programs skip), gets a
leading single quote, OWASP's rule, in CSV and XLSX alike; numbers, dates and
empty cells are left as they are.
"""

from wagtail.snippets.views.snippets import IndexView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a quote before text that a spreadsheet would run."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class NeutralisingExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: every cell of both
    formats goes through ``preprocess_field_value``, after the value is made text."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))


class SnippetIndexView(NeutralisingExportMixin, IndexView):
    """The listing of a snippet viewset, with safe exports."""
