"""The text of a PDF, read page by page within limits.

To get a page's text, pypdf parses all of its content stream (the page's drawing
instructions) at some 0.2 to 1 MB a second, and 17 KB of compressed data can
inflate to 17 MB of them. So here:

* a PDF of more than ``max_pages`` pages is refused before any is read;
* the content streams read are counted, unpacked, against ``budget`` before
  pypdf parses them, and a page whose streams were read already (pages may
  share them) gets their text again without a second parse: pages that share
  one huge stream cost it once, not once each. Its text is the same in any real
  PDF (a page could draw the same stream in other fonts, but only to cost
  time);
* reading stops as soon as the text passes ``max_characters``.
"""

from pypdf.generic import ArrayObject, IndirectObject

from .errors import DocumentError, too_many_pages, too_much_text, unpacks_too_much


def pdf_text(reader, *, max_pages: int, budget: int, max_characters: int) -> str:
    """The text of the pages of ``reader`` (a ``pypdf.PdfReader``), in order."""
    count = len(reader.pages)
    if count > max_pages:
        raise DocumentError(too_many_pages(count, max_pages))
    texts, read, unpacked, characters = [], {}, 0, 0
    for page in reader.pages:
        streams = _streams(page)
        if streams not in read:
            contents = page.get_contents()
            unpacked += 0 if contents is None else len(contents.get_data())
            if unpacked > budget:
                raise DocumentError(unpacks_too_much(budget))
            read[streams] = page.extract_text() or ""
        texts.append(read[streams])
        characters += len(read[streams])
        if characters > max_characters:
            raise DocumentError(too_much_text(max_characters))
    return "\n".join(texts)


def _streams(page) -> tuple:
    """Which content streams ``page`` draws, as object numbers."""
    if "/Contents" not in page:
        return ()
    contents = page.raw_get("/Contents")
    resolved = contents.get_object()
    streams = resolved if isinstance(resolved, ArrayObject) else [contents]
    return tuple(
        (stream.idnum, stream.generation)
        if isinstance(stream, IndirectObject)
        else id(stream)  # not an object of its own: no other page draws it
        for stream in streams
    )
