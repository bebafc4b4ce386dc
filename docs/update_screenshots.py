"""Copy the screenshots written by the browser tests into docs/img, compressed.

Run through `make screenshots`, which runs the browser tests first.
"""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = [
    "ua-page-390.png",
    "ua-page-1280.png",
    "ua-index-390.png",
    "admin-edit-ua.png",
    "admin-delivery-summary.png",
    "headless-ua-en-390.png",
    "headless-ua-ar-390.png",
]


def main():
    for name in SHOTS:
        image = Image.open(ROOT / "artifacts" / name).convert("RGB")
        palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        palette.save(ROOT / "docs" / "img" / name, optimize=True)
        print(f"docs/img/{name}")


if __name__ == "__main__":
    main()
