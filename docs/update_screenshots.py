"""Copy the screenshots written by the browser tests into docs/img, compressed.

Run through `make screenshots`, which runs the browser tests first. The images
copied are the ones the documentation shows (README.md and docs/*.md);
tests/test_docs_images.py checks that each of them is written by a browser test.
"""

import re
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
IMAGE = re.compile(r"\(\s*(?:docs/)?img/([\w.-]+\.png)\s*\)")


def shown_images() -> list[str]:
    """The names of the images the README and the docs show, in order."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    names = []
    for page in pages:
        for name in IMAGE.findall(page.read_text(encoding="utf-8")):
            if name not in names:
                names.append(name)
    return names


def main():
    names = shown_images()
    missing = [n for n in names if not (ROOT / "artifacts" / n).exists()]
    if missing:
        sys.exit(f"Not in artifacts/ (run the browser tests first): {missing}")
    for name in names:
        image = Image.open(ROOT / "artifacts" / name).convert("RGB")
        palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        palette.save(ROOT / "docs" / "img" / name, optimize=True)
        print(f"docs/img/{name}")


if __name__ == "__main__":
    main()
