"""The text of a PDF the reports made, for tests to read."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """Every page's text, in order, with the layout's spacing where it can be kept."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
