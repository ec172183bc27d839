"""What every detector reads and reports: the cleaned body's lines with what is known of the
input (``Context``), and a ``Finding`` with its severity.

Severities: ``high`` makes the verdict ``fail``, ``medium`` makes it ``warn``, ``low`` is
reported but leaves the verdict ``ok``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cleaner.document import Removal
from cleaner.rulebook.load import Rulebook
from cleaner.text import is_prose
from cleaner.zones import Zones

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_RANK = {HIGH: 3, MEDIUM: 2, LOW: 1}
SITE_TEMPLATE = "site-template"
"""A kept line the batch found on most pages of the document's site: the site's template."""
SITE_TEMPLATE_RULE = "batch.site-template"
"""The rule id of a site template line a batch run removed: trusted as junk, as a line rule's
removal is (the same evidence that flags a kept one)."""
JUNK_CODES = frozenset(
    ("residual-junk", "residual-inline", "title-in-body", "duplicate-paragraph", "link-list",
     "nav-run", "stray-line", "off-topic-line", "foreign-line", SITE_TEMPLATE)
)  # fmt: skip
"""Findings that say a kept line is not story (the others are about lost story or the size)."""
KEPT_JUNK, REMOVED_STORY, BODY = "kept-junk", "removed-story", "body"
"""A finding's kind: a kept line judged junk, a removed line judged story, or the body as a
whole (its size, its ends)."""
KIND_OF_CODE = {
    **dict.fromkeys(JUNK_CODES, KEPT_JUNK),
    "model-junk": KEPT_JUNK,
    "markup-junk": KEPT_JUNK,
    "off-headline": KEPT_JUNK,
    "over-stripped": REMOVED_STORY,
    "model-lost-story": REMOVED_STORY,
    "page-prose-left": REMOVED_STORY,
}


@dataclass(slots=True)
class Finding:
    """One problem: what, where (body line and original input line), why, and how bad."""

    code: str
    line: int
    text: str
    detector: str
    severity: str
    message: str
    original_line: int | None = None

    @property
    def kind(self) -> str:
        """KEPT_JUNK, REMOVED_STORY or BODY."""
        return KIND_OF_CODE.get(self.code, BODY)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "line": self.line,
            "original_line": self.original_line,
            "text": self.text,
            "detector": self.detector,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(slots=True)
class BodyLine:
    """A non-blank line of the cleaned body: its line in the cleaned text and in the input."""

    number: int
    text: str
    original: int | None = None


@dataclass
class Context:
    """What every detector reads: the body lines, the rulebook and what is known of the input."""

    lines: list[BodyLine]
    rulebook: Rulebook
    title: str | None = None
    removed: list[Removal] = field(default_factory=list)
    input_known: bool = False
    """Whether ``removed`` lists every line that left (so lost story can be estimated)."""
    page_lines: list[str] | None = None
    """For an HTML page, the text lines of the whole page (what the extractor chose from)."""
    input_lines: list[tuple[str, bool]] | None = None
    """The input's non-blank lines in order, each with whether the body kept it (the line
    model reads them as the page it was trained on); None when the input is unknown."""
    input_numbers: list[int] | None = None
    """For a text input, the input line number of each of ``input_lines`` (None for a page,
    whose lines are counted in the page's text)."""
    removed_by_rule: set[int] = field(default_factory=set)
    """Indices into ``input_lines`` of lines a line rule removed: trusted as junk."""
    reference: Any = None
    """For an HTML page, the text it holds of its own main content, if any
    (``references.Reference``)."""
    is_template: Callable[[str], bool] | None = None
    """In a batch run, whether a line is a template line of the document's site (learned from
    the run's other pages of the site); None elsewhere."""
    prose: list[bool] = field(default_factory=list)
    zones: Zones = field(init=False)
    stem_lines: dict[str, int] | None = None
    """How many body lines hold each content stem, counted once per document by the first
    detector that asks (``structure.stem_line_counts``)."""
    markup: Any = None
    """For an HTML page, what its markup says of the kept lines (``markup.MarkupEvidence``),
    or None."""
    line_scores: dict[Any, Any] = field(default_factory=dict)
    """The line model's scores of the document's line lists (``Document.line_scores``): a page
    the region finder scored is not scored again for the verdict."""
    inline_templates: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    """The region finder's ``inline_template`` of each list of lines the verdict read it for
    (``estimates.template_indices``): on a text input the over-stripping check and the
    estimates ask about the same list, the input's lines in order."""

    def __post_init__(self) -> None:
        # Zones as the engine draws them, so a rule's zone means the same in both places.
        self.prose = [is_prose(line.text) for line in self.lines]
        self.zones = Zones.of(self.lines)

    def first_prose(self) -> int:
        return self.zones.first_prose

    def last_prose(self) -> int:
        return self.zones.last_prose


def finding(line: BodyLine, code: str, detector: str, severity: str, message: str) -> Finding:
    return Finding(code, line.number, line.text, detector, severity, message, line.original)
