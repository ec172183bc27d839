"""Topic breaks: the kept body's prose turns, from some line on, to words the story before it
never used (other stories' teasers with their summaries, another post's paragraphs), which a
line-by-line test cannot see since each of those lines reads as prose.

The tail is judged as a whole: a story's later paragraphs keep coming back to the people and
things its first ones named, while a column of other stories' summaries shares words with each
other, not with the story above it. The story above must outweigh the tail: on wcxb-dev's tune
sites, most tails found without that were the story itself under a few lines of chrome (a
sign-up form's messages, 'You signed in with another tab'), and failed good pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import accumulate

from cleaner.text import word_count
from cleaner.validate.context import MEDIUM, Context, Finding, finding
from cleaner.validate.structure import content_stems

TAIL_MIN_LINES = 3
"""A tail is judged from this many prose lines: one or two lines off the story are the
stray-line tests' (a closing paragraph may turn away: a quote, a look ahead)."""
STORY_MIN_LINES = 3
"""... after at least this many prose lines of story: a vocabulary of fewer is too small to
say what the story does not name."""
LINE_MIN_STEMS = 4
"""Prose lines of at least this many content words count in the tail (a shorter line says too
little of its topic: a label, a date, a teaser's headline)."""
TAIL_REACH_MAX = 0.34
"""The tail is off the story when at most this share of its prose lines shares one content
word with the headline or any line above it (a half found as many good pages as bad ones on
wcxb-dev's tune sites)."""


def off_story_tail(ctx: Context) -> int | None:
    """The index of the first line of the longest tail whose prose lines (``LINE_MIN_STEMS``
    content words or more, at least TAIL_MIN_LINES of them) share, at most TAIL_REACH_MAX of
    them, a content word with the headline or the body above the tail; None when there is
    none, or when every such tail holds more words than the body above it (then the lines
    above are likelier chrome over the story than a story over chrome). The earliest line a
    line's words were first seen on tells at once for every start whether the line shares a
    word with what stands above (one pass over the body)."""
    stems = [content_stems(line.text) for line in ctx.lines]
    counted = [ctx.prose[i] and len(s) >= LINE_MIN_STEMS for i, s in enumerate(stems)]
    first_seen = first_lines(stems, content_stems(ctx.title or ""))
    reach_from = [min(map(first_seen.__getitem__, s), default=len(stems)) for s in stems]
    opened = Counter(reach_from[i] for i in range(len(stems)) if counted[i])
    words = list(accumulate((word_count(line.text) for line in ctx.lines), initial=0))
    tail, shared, prose_seen = sum(counted), opened[-1], 0
    for start in range(1, len(stems)):
        # the line above leaves the tail; lines whose words it first held now share with it
        left = start - 1
        tail -= counted[left]
        shared += opened[left] - counted[left]
        prose_seen += ctx.prose[left]
        if tail < TAIL_MIN_LINES:
            return None
        if prose_seen >= STORY_MIN_LINES and shared <= TAIL_REACH_MAX * tail:
            opening = tail_opening(ctx, start, counted, reach_from)
            if sum(counted[opening:]) < TAIL_MIN_LINES:
                return None
            if words[opening] >= words[-1] - words[opening]:
                return opening  # the story above outweighs what follows it
    return None


def tail_opening(ctx: Context, start: int, counted: list[bool], reach_from: list[int]) -> int:
    """Where the tail found from ``start`` opens: at its first prose line that shares no word
    with the lines above (a story line the share let in stays story), with the short lines
    right above that line (a 'Related posts' label, a teaser's headline)."""
    first = next(i for i in range(start, len(counted)) if counted[i] and reach_from[i] >= start)
    while first > start and not counted[first - 1] and not ctx.prose[first - 1]:
        first -= 1
    return first


def first_lines(stems: list[frozenset[str]], title: frozenset[str]) -> dict[str, int]:
    """The first body line each content word is on (-1 for the headline's words)."""
    seen = dict.fromkeys(title, -1)
    for index, words in enumerate(stems):
        seen.update(dict.fromkeys(words - seen.keys(), index))  # the new ones, in C
    return seen


def offstory_share(ctx: Context) -> float:
    """The share of the body's words in its off-story tail (``off_story_tail``), 0.0 without
    one: how much of the kept text turned away from the story."""
    start = off_story_tail(ctx)
    words = sum(word_count(line.text) for line in ctx.lines)
    if start is None or not words:
        return 0.0
    return sum(word_count(line.text) for line in ctx.lines[start:]) / words


def detect_off_story_tail(ctx: Context) -> Iterator[Finding]:
    """Every line of the off-story tail is a doubt (medium): the story ended above it."""
    start = off_story_tail(ctx)
    if start is None:
        return
    first = ctx.lines[start].number
    for line in ctx.lines[start:]:
        yield finding(line, "off-topic-line", "topic.off-story-tail", MEDIUM,
                      f"from line {first} on, the body's prose shares almost no word with the "
                      "story above it (other stories' summaries, another post)")  # fmt: skip
