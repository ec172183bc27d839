"""HTML pages: find the site, extract the main text with trafilatura, hand on text lines.

First version: trafilatura's own extraction with the page's metadata; the site selectors of
issue 3 (body, strip, metadata selectors) build on this.
"""

from __future__ import annotations

import trafilatura

from cleaner.document import Document
from cleaner.rulebook import Rulebook


def extract(doc: Document, rulebook: Rulebook) -> str:
    """Return the page's main text, one paragraph a line; fill title, sites and metadata."""
    text = trafilatura.extract(doc.raw, url=doc.url, include_comments=False, with_metadata=False)
    doc.sites = [f.name for f in rulebook.find_sites(doc.url, text or "")]
    meta = trafilatura.extract_metadata(doc.raw, default_url=doc.url)
    if meta is not None:
        doc.title = meta.title or None
        for field in ("author", "date"):
            value = getattr(meta, field, None)
            if value:
                doc.metadata[field] = value
    return text or ""
