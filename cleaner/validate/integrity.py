"""Integrity checks: a body that is empty or a stub, story removed by a heuristic (over-stripped),
and a body cut mid-sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cleaner.document import Removal
from cleaner.generic.steps import is_glued_repeat
from cleaner.text import ends_like_sentence, is_prose, normalize, word_count
from cleaner.validate.context import (
    HIGH,
    LOW,
    MEDIUM,
    SITE_TEMPLATE_RULE,
    Context,
    Finding,
    finding,
)
from cleaner.validate.estimates import STORY_LINE_PROBABILITY, template_wherever
from cleaner.validate.residual import any_rule_names, junk_pattern_hit, rule_ids
from cleaner.validate.structure import (
    QUOTE_OPENERS,
    SHORT_LINE_MAX_WORDS,
    content_stems,
    dangling_end,
    is_credit,
)

TOO_SHORT_FAIL_WORDS = 25
"""A body with fewer words than this is not a news story (a stub, a teaser, a widget)."""
TOO_SHORT_WARN_WORDS = 60
"""A body shorter than this is a brief or a stub worth a look (warn): a news story's lede
paragraph alone has about this many words. The repair stage uses it too (REPAIR_MIN_WORDS in
cleaner.pipeline) as the size of a body worth keeping."""
OVERSTRIP_MIN_WORDS = 10
"""A removed line this long that reads as prose is story, unless some junk signal names it."""
ON_TOPIC_MIN_SHARED = 0.5
"""A removed line with at least this share of its content words in the kept body is on the
story's topic: half its words, where another story's teaser shares a name or two at most."""
CUT_SENTENCE_MIN_WORDS = 3
"""A removed line under OVERSTRIP_MIN_WORDS words, on the story's topic, is a doubt when it
was cut from between kept paragraphs (a sub-heading, a list's row) or, as a whole sentence
from this length, right at the kept story's edge: a short lede or closing line ('The Japanese
rule the sedan market.', 'Wiener declined comment.'); a shorter one is a label ('Click
here.')."""
EDGE_STORY = "next to the story and read as story by the line model "
HOLE_MAX_LINES = 2
"""A removed run this short between kept paragraphs is a hole cut in the story."""


def detect_size(ctx: Context) -> Iterator[Finding]:
    words = sum(word_count(line.text) for line in ctx.lines)
    if not ctx.lines:
        yield Finding("empty-body", 0, "", "integrity.size", HIGH, why_empty(ctx))
    elif words < TOO_SHORT_FAIL_WORDS:
        yield finding(ctx.lines[0], "too-short", "integrity.size", HIGH, f"only {words} words")
    elif words < TOO_SHORT_WARN_WORDS:
        brief = is_whole_story(ctx)
        severity, what = (LOW, "a brief") if brief else (MEDIUM, "a stub?")
        yield finding(
            ctx.lines[0], "too-short", "integrity.size", severity, f"only {words} words ({what})"
        )


def is_whole_story(ctx: Context) -> bool:
    """A short body that opens on a capital (a lede or a dateline) and ends on a finished
    sentence is a brief, not a stub: a doubt only when removed prose says story was lost
    (``detect_over_stripping``). A stub of a failed extraction is a fragment: a teaser that
    breaks off, a caption, a label."""
    first, last = ctx.lines[0].text.lstrip(), ctx.lines[-1].text
    return first[:1].isupper() and ends_like_sentence(last)


def why_empty(ctx: Context) -> str:
    """What emptied the body: the rules that removed most, or an input with no text."""
    if ctx.removed:
        rules = Counter(removal.rule for removal in ctx.removed).most_common(3)
        named = ", ".join(f"{rule} ({count})" for rule, count in rules)
        return f"every one of the {len(ctx.removed)} input lines was removed, most by {named}"
    if ctx.input_known:
        return "the input had no text (for HTML: the extractor found none)"
    return "nothing is left of the page"


def detect_cut_mid_sentence(ctx: Context) -> Iterator[Finding]:
    """docs/body.md keeps an unpunctuated last paragraph: only a visibly broken end is flagged."""
    if not ctx.lines:
        return
    last = ctx.lines[-1]
    text = last.text.rstrip()
    if dangling_end(text) and word_count(text) > SHORT_LINE_MAX_WORDS:
        yield finding(
            last,
            "cut-mid-sentence",
            "integrity.end",
            MEDIUM,
            "the body ends on a comma, a dash or a connective word",
        )
    first = ctx.lines[0].text.lstrip()
    if first[:1].islower():
        yield finding(
            ctx.lines[0],
            "cut-mid-sentence",
            "integrity.start",
            LOW,
            "the body starts in lower case, maybe mid-sentence",
        )


def detect_over_stripping(ctx: Context) -> Iterator[Finding]:
    """Prose lines that left the body by a heuristic (no rule in the rulebook names them).

    A paragraph cut out from between kept paragraphs (a removed run of at most HOLE_MAX_LINES
    lines) is story lost (high). Longer removed runs and the body's edges are where heuristics
    remove captions, teasers, bios and comment threads, so a prose line there is a warning when
    it is on the story's topic (medium) and a note otherwise (low): on the big9 crude dumps a
    third of the on-topic ones were story.
    """
    if not ctx.removed:
        return
    kept = {normalize(line.text) for line in ctx.lines}
    story_words: set[str] = set().union(*(content_stems(line.text) for line in ctx.lines))
    holes = hole_lines(ctx)
    at_edges: set[str] | None = None  # read once, when a removal asks
    template = template_wherever(ctx)
    lost_words = 0
    beside: set[int] | None = None  # read once, when a short sentence asks
    for removal in ctx.removed:
        if is_short_story_line(ctx, removal, kept, template, story_words):
            beside = edge_lines(ctx) if beside is None else beside
            hole = removal.line in holes
            if hole or (removal.line in beside and is_whole_short_sentence(removal.text)):
                yield short_line_lost(removal, hole)
            continue
        if not is_lost_story(ctx, removal, kept, template):
            continue
        lost_words += word_count(removal.text)
        hole = removal.line in holes
        on_topic = topic_share(removal.text, story_words) >= ON_TOPIC_MIN_SHARED
        if not hole and not on_topic and at_edges is None:
            at_edges = story_at_edges(ctx)
        edge = not hole and not on_topic and normalize(removal.text) in (at_edges or set())
        where = "from between kept paragraphs" if hole else "from the body's edge or a block"
        topic = "on the story's topic " if on_topic else EDGE_STORY if edge else ""
        yield Finding(
            "over-stripped",
            0,
            removal.text,
            removal.rule,
            HIGH if hole else MEDIUM if on_topic or edge else LOW,
            f"prose {topic}removed {where} by heuristic {removal.rule}",
            removal.line,
        )
    yield from lost_share(ctx, lost_words)


def is_short_story_line(
    ctx: Context, removal: Removal, kept: set[str], template: set[str], story_words: set[str]
) -> bool:
    """A removed line under OVERSTRIP_MIN_WORDS words that names something the story names, is
    no credit, and that nothing but a heuristic claims (``is_unclaimed``): cut from between
    kept paragraphs it is a sub-heading, a list's row or a short paragraph of the story; at
    the kept story's edge, when a whole sentence (``is_whole_short_sentence``), a short lede or
    closing line."""
    text = removal.text.strip()
    if not 0 < word_count(text) < OVERSTRIP_MIN_WORDS:
        return False
    if content_stems(text).isdisjoint(story_words) or is_credit(text):
        return False  # a credit closes a story but is no part of it ('Aversa reported from ...')
    return is_unclaimed(ctx, removal, text, kept, template)


def is_whole_short_sentence(text: str) -> bool:
    """A whole sentence of at least CUT_SENTENCE_MIN_WORDS words opening on a capital, after
    any quote mark ('Warren Buffett is the richest man on the planet.', '"Anything is
    possible," she said.')."""
    text = text.strip()
    return (
        word_count(text) >= CUT_SENTENCE_MIN_WORDS
        and text.lstrip(QUOTE_OPENERS)[:1].isupper()
        and ends_like_sentence(text)
    )


def short_line_lost(removal: Removal, hole: bool) -> Finding:
    where = "from between kept paragraphs" if hole else "from the edge of the kept story"
    return Finding("over-stripped", 0, removal.text, removal.rule, MEDIUM,
                   f"a short line on the story's topic removed {where} by heuristic "
                   f"{removal.rule}", removal.line)  # fmt: skip


def edge_lines(ctx: Context) -> set[int]:
    """The removed input lines right before the first kept line and right after the last (a
    lede or a closing line a heuristic cut off). Unknown for a bare text, as ``hole_lines``."""
    kept = {line.original for line in ctx.lines if line.original is not None}
    if not kept:
        return set()
    removed = {removal.line for removal in ctx.removed}
    first, last = min(kept), max(kept)
    before = max((n for n in removed if n < first), default=None)
    after = min((n for n in removed if n > last), default=None)
    return {n for n in (before, after) if n is not None}


def story_at_edges(ctx: Context) -> set[str]:
    """The removed lines (normalised) right next to a kept line in the input that the line
    model reads as story: a lede or last paragraph the region finder cut off. On the big9
    crude dumps the cleaner's own edge removals are seldom next to the kept lines (a caption or
    a share bar stands between) and fewer still read as story; a lost lede or end is both. The
    model's scores are the ones the verdict's estimates read (``ctx.line_scores``)."""
    pairs = ctx.input_lines or []
    beside = [
        i
        for i, (_, kept) in enumerate(pairs)
        if not kept and any(pairs[j][1] for j in (i - 1, i + 1) if 0 <= j < len(pairs))
    ]
    if not beside:
        return set()
    from cleaner.linemodel import junk_probabilities  # the model loads on first use

    probability = junk_probabilities([text for text, _ in pairs], "dump", memo=ctx.line_scores)
    return {normalize(pairs[i][0]) for i in beside if probability[i] < STORY_LINE_PROBABILITY}


def hole_lines(ctx: Context) -> set[int]:
    """Input lines of removed runs of at most HOLE_MAX_LINES with kept lines on both sides.

    Every non-blank input line is either kept or removed, so the two together give the input's
    order. Unknown when the kept lines carry no input line numbers (a bare text).
    """
    kept = {line.original for line in ctx.lines if line.original is not None}
    if not kept:
        return set()
    order = sorted(kept | {removal.line for removal in ctx.removed})
    holes: set[int] = set()
    run: list[int] = []
    seen_kept = False
    for number in order:
        if number not in kept:
            run.append(number)
            continue
        if run and len(run) <= HOLE_MAX_LINES and seen_kept:
            holes.update(run)
        run, seen_kept = [], True
    return holes


def topic_share(text: str, story_words: set[str]) -> float:
    mine = content_stems(text)
    return len(mine & story_words) / len(mine) if mine else 0.0


def lost_share(ctx: Context, lost_words: int) -> Iterator[Finding]:
    kept_words = sum(word_count(line.text) for line in ctx.lines)
    if lost_words > max(kept_words, TOO_SHORT_WARN_WORDS):
        yield Finding(
            "over-stripped",
            0,
            "",
            "integrity.lost-share",
            HIGH,
            f"heuristics removed {lost_words} words of prose, more than the {kept_words} kept",
        )


def is_lost_story(ctx: Context, removal: Removal, kept: set[str], template: set[str]) -> bool:
    """Whether a removed line is story the heuristics lost: prose of OVERSTRIP_MIN_WORDS or
    more that nothing but a heuristic claims (``is_unclaimed``)."""
    text = removal.text
    if word_count(text) < OVERSTRIP_MIN_WORDS or not is_prose(text):
        return False
    return is_unclaimed(ctx, removal, text, kept, template)


def is_unclaimed(
    ctx: Context, removal: Removal, text: str, kept: set[str], template: set[str]
) -> bool:
    """Whether nothing but a heuristic claims a removed line (``text``: its text as the caller
    reads it): no rule or site template removed it, no junk pattern or rule names it, and it is
    not in the body (``kept``), the title again, nor template wherever it stands
    (``template``: ``template_wherever``)."""
    if removal.rule in rule_ids(ctx.rulebook) or removal.rule == SITE_TEMPLATE_RULE:
        return False
    if normalize(text) in kept or normalize(text) in template:
        return False
    if ctx.title and is_glued_repeat(text, ctx.title):
        return False
    return junk_pattern_hit(text) is None and not any_rule_names(ctx.rulebook, text)
