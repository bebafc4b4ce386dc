"""Turn an Urgent Action document (plain text, DOCX or PDF) into a draft UA page.

:mod:`.readers` gets the text out of a file, :mod:`.parser` finds the parts of an
Urgent Action in it (a :class:`.result.ParsedAction`), and :mod:`.build` makes the
draft page and its targets from that.
"""
