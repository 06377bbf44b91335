"""PDF documents: a template extending core/pdf_base.html, laid out by WeasyPrint, and its download."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_bytes(template: str, context: dict[str, Any]) -> bytes:
    return HTML(string=render_to_string(template, context)).write_pdf()  # type: ignore[no-any-return]


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """``content`` as the attachment ``filename``.pdf."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
