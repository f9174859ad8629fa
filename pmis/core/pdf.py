"""PDF documents (protocols, official forms) rendered from HTML templates with WeasyPrint.

The fonts come from the npm package `dejavu-fonts-ttf` (installed by `make setup`, like the front-end libraries):
DejaVu covers Kazakh and Russian Cyrillic, and a document looks the same on every server whatever fonts the
system has. WeasyPrint needs only Pango from the system (Debian's libpango-1.0-0, which the set-up installs).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint reports each step of every document at INFO; only its warnings belong in the PMIS's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT_DIR = settings.NODE_MODULES / "dejavu-fonts-ttf" / "ttf"

#: Prepended to every document's own styles: the fonts and an A4 page with numbered pages.
BASE_CSS = f"""
@font-face {{ font-family: "PMIS Sans"; src: url("file://{FONT_DIR}/DejaVuSans.ttf"); }}
@font-face {{ font-family: "PMIS Sans"; font-weight: bold; src: url("file://{FONT_DIR}/DejaVuSans-Bold.ttf"); }}
@font-face {{ font-family: "PMIS Sans"; font-style: italic; src: url("file://{FONT_DIR}/DejaVuSans-Oblique.ttf"); }}
@page {{ size: A4; margin: 18mm 15mm 18mm 20mm;
        @bottom-right {{ content: counter(page) " / " counter(pages); font: 8pt "PMIS Sans"; color: #555; }} }}
html {{ font-family: "PMIS Sans", sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; }}
h1 {{ font-size: 14pt; text-align: center; margin: 0 0 4mm; }}
h2 {{ font-size: 11.5pt; margin: 5mm 0 2mm; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 0.5pt solid #444; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }}
th {{ background: #eee; }}
"""


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """The PDF of an HTML template (rendered in the active language), with `BASE_CSS` applied."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[CSS(string=BASE_CSS)])
