"""cleaner: strip boilerplate from crawled news articles.

    >>> import cleaner
    >>> result = cleaner.clean(page_text)            # text dump or raw HTML
    >>> result.text, result.title, result.removed

For a pipeline, load the rulebook once and pass it on: ``Rulebook.load([my_rules_dir])``.
"""

from cleaner.document import Document, Line, Removal
from cleaner.pipeline import clean, clean_document, default_rulebook
from cleaner.rulebook import Rulebook, RuleFileError

Result = Document
"""``clean()`` returns the cleaned Document; ``Result`` is its name in the public API."""

__all__ = [
    "Document",
    "Line",
    "Removal",
    "Result",
    "RuleFileError",
    "Rulebook",
    "clean",
    "clean_document",
    "default_rulebook",
]
