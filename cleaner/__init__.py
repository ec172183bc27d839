"""cleaner: strip boilerplate from crawled news articles.

    >>> import cleaner
    >>> result = cleaner.clean(page)                 # text dump or raw HTML, str or bytes
    >>> result.text, result.title, result.removed

For a pipeline, load the rulebook once and pass it on: ``Rulebook.load([my_rules_dir])``.
"""

from importlib.metadata import PackageNotFoundError, version

from cleaner.document import Document, Line, Removal
from cleaner.pipeline import clean, clean_document, default_rulebook
from cleaner.rulebook.load import Rulebook, RuleFileError

try:
    __version__ = version("crawl-cleaner")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

Result = Document
"""``clean()`` returns the cleaned Document; ``Result`` is its name in the public API."""

__all__ = [
    "Document",
    "Line",
    "Removal",
    "Result",
    "RuleFileError",
    "Rulebook",
    "__version__",
    "clean",
    "clean_document",
    "default_rulebook",
]
