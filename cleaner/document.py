"""The data that flows through the pipeline: a Document, its lines and the removals made from it.

Lines keep their 1-based position in the input text so every removal, explain line and
validator finding points back at the original document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Line:
    """One input line: its 1-based number and its text as it came in."""

    number: int
    text: str
    gone: bool = False


@dataclass(slots=True)
class Removal:
    """A line that left the body, with the rule that removed it and why."""

    line: int
    text: str
    rule: str
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "rule": self.rule, "reason": self.reason}


@dataclass(slots=True)
class Document:
    """A page on its way through the cleaner.

    ``lines`` holds the non-blank lines still in the body; blank lines are paragraph breaks and
    are not tracked. ``original`` is every input line, for explain output and the validator.
    """

    raw: str
    id: str | None = None
    url: str | None = None
    kind: str = "text"
    original: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    page_lines: list[str] | None = None
    """HTML: every block of the page's text on a line of its own, read at extraction from the
    tree before pruning; the validator compares the body with it without parsing again."""
    page_reference: Any = None
    """HTML: the page's own text of its story (``cleaner.html.references.Reference``: JSON-LD
    ``articleBody``, the one ``<article>`` or ``<main>``), read at extraction from the same tree;
    None when the page holds none."""
    tree: Any = None
    """HTML: the page's parsed tree as read (extraction prunes a copy of it), kept for the
    verdict's markup reading so that the page is parsed once; let go once the page is judged
    (``cleaner.pipeline.clean_document``). None for text."""
    blocks: Any = None
    """HTML: the text blocks of ``tree``'s body (``cleaner.html.blocks.document_blocks``),
    worked out when first asked for and shared by the page-type test and the markup reading."""
    readings: dict[str, str] | None = None
    """HTML: the texts extraction read of the page on its way to the body, by name
    (``trafilatura``, ``recall``, ``container`` or ``page``: the main container's or
    ``<body>``'s text, ``blocks``), taken or not, for weighing the body against those it did
    not take (``cleaner.validate.readings``; measured by ``bench/verdicts.py``, not yet read
    by the verdict: bench/README.md, "Agreement between readings"). None where extraction
    made no choice (a site's container, a forum's posts, a stated story); let go with
    ``tree``."""
    sites: list[str] = field(default_factory=list)
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verdict: Any = None
    path: str = ""
    """Which cleaning path made the body: ``site`` (site rules), ``generic`` (no site rules
    matched) or ``fallback`` (the site rules' result was repaired by the generic path)."""
    path_reason: str = ""
    route: str = ""
    """HTML: which reading gave the page's text (``cleaner.html.extract.Route``): ``site`` (a
    site's ``body`` container), ``trafilatura``, ``recall``, ``container`` or ``blocks``; empty
    for text."""
    input_words: int | None = None
    """Words of the text the document came from: for HTML the page's visible text before
    extraction, for a text dump all of it; what the share removed is counted against."""
    timed_out: set[str] = field(default_factory=set)
    """Rules whose regex ran out of time on this document: warned once, then skipped for the
    rest of it (a later pass would only time out again and repeat the warning)."""
    site_template: Callable[[str], bool] | None = None
    """In a batch run that removes site templates (``--site-templates remove``): which lines
    are template of the page's site, learned from the run's pages of the site
    (``cleaner.batch.templates``); the body-region finder reads them as template unless the
    line model is sure they are story. None elsewhere."""
    story_end: Callable[[str], bool] | None = None
    """Which lines end a story when the body-region finder keeps them inside it: the generic
    rule files' markers of what follows a story (a related-articles heading, a 'Republish
    this story' box; ``pipeline.story_end_marker``). None: no such markers."""
    page_type: str = ""
    """What kind of page the input is (``cleaner.html.page_type``): article, forum, product,
    listing, collection, service, documentation, or unknown (a text dump whose URL says none);
    empty until cleaned."""
    line_scores: dict[Any, Any] = field(default_factory=dict)
    """The line model's probabilities of the lists of this document's lines scored so far
    (``cleaner.linemodel.Scores``): the region finder's passes and the verdicts ask about a
    list once."""
    region_kept: list[tuple[int, str]] | None = None
    """The body (``state``) the body-region finder last left (``generic.steps.keep_story``),
    when it read no site template: the finder keeps all of what it kept, so a later pass that
    finds the body unchanged need not ask it again."""

    @property
    def text(self) -> str:
        """The body: kept lines, stripped, paragraphs separated by one blank line."""
        return "\n\n".join(line.text.strip() for line in self.lines)

    def state(self) -> list[tuple[int, str]]:
        """The body as (line number, text) pairs: equal states are equal bodies."""
        return [(line.number, line.text) for line in self.lines]

    def remove(self, doomed: list[Line], rule: str, reason: str = "") -> None:
        """Drop ``doomed`` lines from the body and record each removal under ``rule``."""
        if not doomed:
            return
        for line in doomed:
            line.gone = True
        self.lines = [line for line in self.lines if not line.gone]
        self.removed.extend(Removal(line.number, line.text, rule, reason) for line in doomed)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "sites": self.sites,
            "title": self.title,
            "metadata": self.metadata,
            "text": self.text,
            "removed": [r.to_dict() for r in sorted(self.removed, key=lambda r: r.line)],
            "kept": [line.number for line in self.lines],
        }
        if self.input_words is not None:
            record["input_words"] = self.input_words
        if self.page_type:
            record["page_type"] = self.page_type
        if self.path:
            record["path"] = self.path
        if self.path_reason:
            record["path_reason"] = self.path_reason
        if self.route:
            record["route"] = self.route
        if self.warnings:
            record["warnings"] = self.warnings
        if self.verdict is not None:
            record["verdict"] = self.verdict.to_dict()
        return record
