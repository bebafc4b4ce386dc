"""The language a document is written in, guessed from its commonest words.

Good enough to notice a Spanish document about to go into the English index:
the project's languages (English, Spanish, French, Arabic, Russian, Belarusian)
differ in their short, frequent words, and Arabic in its script. Not a general
language detector: a text of another language, or too short, gives "".
"""

import re

#: Frequent words that are each language's own (none shared between two lists).
STOP_WORDS = {
    "en": "the and of to is in that for with are was his her they this from".split(),
    "es": "el los las y del en por para con una su sus fue está están".split(),
    "fr": "le les et des du est une pour dans qui sur au avec ses sont été".split(),
    "ar": "في من على إلى أن التي الذي عن مع هذا كان".split(),
    "ru": "и в что по от это как был его она они из".split(),
    "be": "і ў што па ад гэта як быў яго яна яны з".split(),
}
WORD_LANGUAGE = {word: code for code, words in STOP_WORDS.items() for word in words}
WORD = re.compile(r"[^\W\d_]+")
#: Fewer matching words than this is no evidence either way.
MIN_EVIDENCE = 5
#: Only so much text is read: the start of a document says its language.
MAX_CHARACTERS = 20_000


def detect_language(text: str) -> str:
    """The code of the language ``text`` is in ("es"), or "" when unsure."""
    counts = dict.fromkeys(STOP_WORDS, 0)
    for word in WORD.findall(text[:MAX_CHARACTERS].casefold()):
        if code := WORD_LANGUAGE.get(word):
            counts[code] += 1
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] < MIN_EVIDENCE or ranked[0] < 2 * ranked[1]:
        return ""
    return best
