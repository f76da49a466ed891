"""What a reader sees in a PDF: its pages' text with runs of whitespace made single spaces."""

import io

from pypdf import PdfReader


def pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]


def font_names(pdf: bytes) -> set[str]:
    """The base names of the fonts the pages use, without the subset prefix ("ABCDEF+")."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
