"""Dates and times in a line: one home for the date shapes the generic pass, the line model and
the validator look for.

Two shapes, for two questions:
- ``DATE_MENTION`` (loose): does the line carry a date or time at all? Teaser items, bylines
  and comment headers do ('Jan 5', '3. März', '14:05', '2 hours ago'); the body-region finder
  and the line model read it.
- ``FULL_DATE_OR_TIME`` (strict): a date with its year, or a clock time, which ``is_timestamp``
  cuts out of a line to see whether anything but date words is left.

And one for the record: ``iso_date`` reads a page's date ('23.10.2018', 'January 22, 2014') as
ISO 8601 ``YYYY-MM-DD`` (htmldate's parser, which comes with trafilatura), and ``record_date``
stores it as ``date`` with the page's own wording beside it as ``date_original``.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import regex

from cleaner.text import LINE_CACHE_SIZE, word_count

MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
"""An English month name or its abbreviation."""
WEEKDAY = r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"

DATE_MENTION = regex.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(jan|feb|m[aä]r|apr|ma[yi]|jun|jul|aug|sep|o[ck]t|nov|de[cz])\p{L}*\.? \d{1,2}\b"
    r"|\b\d{1,2}\.? (jan|feb|m[aä]r|apr|ma[yi]|jun|jul|aug|sep|o[ck]t|nov|de[cz])\p{L}*\b"
    r"|\b(ago|vor)$",
    regex.IGNORECASE,
)
"""A publication date or time anywhere in the line, English or German month names, no year
needed: teaser items, bylines and comment headers carry one."""
DATE_MENTION_TAIL_CHARS = 5
"""Every ``DATE_MENTION`` form but a closing "ago"/"vor" holds a digit; that one is found in
the line's last characters: the word, the character before it (where a word must not go on)
and a final newline that ``$`` allows."""


NUMERIC_DATE = regex.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", regex.IGNORECASE)
"""The one ``DATE_MENTION`` form that needs no ':', no '-' and no month or 'ago' word."""
DATE_WORDS = (
    "jan", "feb", "mar", "mär", "apr", "may", "mai", "jun", "jul", "aug", "sep", "oct", "okt",
    "nov", "dec", "dez", "ago", "vor",
)  # fmt: skip
"""What the word forms of ``DATE_MENTION`` start with, case-folded (``str.casefold`` maps every
character the pattern's case-insensitive match takes for one of these letters to it)."""


@lru_cache(maxsize=LINE_CACHE_SIZE)
def mentions_date(text: str) -> bool:
    """Whether ``DATE_MENTION`` finds a date or time in ``text``. A line without a digit
    (``\\d`` matches only characters ``str.isdigit`` counts) is searched at its end only; one
    with neither ':' nor '-' nor a month or 'ago' word can hold only ``NUMERIC_DATE``, a
    search a fraction of the cost of all the forms'. Remembered: the line model's features and
    the hand-set scores both ask."""
    if not any(map(str.isdigit, text)):
        text = text[-DATE_MENTION_TAIL_CHARS:]
    elif ":" not in text and "-" not in text:
        folded = text.casefold()
        if not any(map(folded.__contains__, DATE_WORDS)):
            return NUMERIC_DATE.search(text) is not None
    return bool(DATE_MENTION.search(text))


FULL_DATE_OR_TIME = regex.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)? {MONTH},? \d{{4}}|{MONTH} \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}"
    rf"|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|\d{{1,2}}:\d{{2}}(:\d{{2}})?( ?[ap]\.?m\.?)?)\b",
    regex.IGNORECASE | regex.V0,
)
"""A date or a clock time; a line that is little more than these is a timestamp."""
DATED = regex.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)? {MONTH},? (19|20)\d\d"
    rf"|{MONTH} \d{{1,2}}(st|nd|rd|th)?,? (19|20)\d\d"
    rf"|(19|20)\d\d[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.](19|20)?\d\d)\b",
    regex.IGNORECASE | regex.V0,
)
"""A calendar date with its year ('Feb 13, 2009', '2005/02/18', '13.02.09'), no clock time: a
story's dateline carries one, an opening-hours line or a copyright line does not."""
COMMENT_STAMP = regex.compile(
    rf"(\d{{1,2}}(st|nd|rd|th)? {MONTH},? (19|20)\d\d|{MONTH} \d{{1,2}}(st|nd|rd|th)?,? (19|20)\d\d"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](19|20)?\d\d),? (at|@|um) \d{{1,2}}:\d{{2}}( ?[ap]\.?m\.?)?$",
    regex.IGNORECASE | regex.V0,
)
"""A line that ends in a date with its year 'at' a clock time: the header of a dated entry
below a story, a blog comment's ('September 17, 2025 at 6:26 pm', 'AmySeptember 11, 2008 at
2:06 PM', its author's name glued to it) or a "Latest News" teaser's ('4/7/2017 at 5:44
p.m.'). A story's own time stamp of that shape stands above its first paragraphs, where no
comment marker is read."""


DATE_FILLER = regex.compile(
    rf"\b({WEEKDAY}|{MONTH}|updated|published|posted|date|on|at|am|pm|a\.m|p\.m|[a-z]{{0,2}}"
    r"[ecsd]t|gmt|utc|bst|ist|cet|cest|hrs|ago|today|yesterday|\d+)\b",
    regex.IGNORECASE | regex.V0,
)
"""The words that stand around a date in a timestamp: weekdays, 'updated', time zones."""
TIMESTAMP_MAX_LEFTOVER_WORDS = 1
"""Words a timestamp may hold besides its date and filler (a site or an author's name is
another line's business; 'Updated Saturday, 25 May 2024 06:28 PM EDT' leaves none)."""
TIMESTAMP_MAX_WORDS = 12
"""A longer line with a date in it is a sentence or a byline, not a timestamp: the longest
timestamps ('Last updated: Saturday, 25 May 2024, 06:28 PM EDT') have about ten words."""


def is_timestamp(text: str) -> bool:
    """A date or time with at most one other word ('Saturday, 25 May 2024 06:28 PM EDT')."""
    if word_count(text) > TIMESTAMP_MAX_WORDS or not FULL_DATE_OR_TIME.search(text):
        return False  # the count first: most lines are longer, and it is remembered
    leftover = DATE_FILLER.sub(" ", FULL_DATE_OR_TIME.sub(" ", text))
    return word_count(leftover) <= TIMESTAMP_MAX_LEFTOVER_WORDS


EARLIEST_DATE = datetime(1990, 1, 1)
"""Older 'dates' on web pages are years in a text or catalogue numbers, not publication days."""
LATEST_DATE = datetime(2100, 1, 1)
"""A fixed bound, not today: the same page must give the same record whenever it is cleaned."""
ISO_FORMAT = "%Y-%m-%d"
ISO_DATE = regex.compile(r"(?:datePublished\W+)?((?:19|20)\d\d-[01]\d-[0-3]\d)")
"""A date written the ISO way (meta tags, JSON-LD): taken as it stands, before any parsing."""


def iso_date(text: str) -> str | None:
    """The date a text names, as ``YYYY-MM-DD`` ('19.01.2020 | 12:30' -> '2020-01-19'); None
    when it names none (a bare year, '3 days ago')."""
    written = ISO_DATE.search(text)
    if written:
        return written.group(1)
    from htmldate.extractors import try_date_expr  # not every run has dates to read

    return try_date_expr(text, ISO_FORMAT, False, EARLIEST_DATE, LATEST_DATE)


def record_date(metadata: dict[str, Any], written: str) -> None:
    """Store a page's date once: ``date`` in ISO form, ``date_original`` as the page wrote it
    when that differs (the time of day and the zone stay there); a text that names no date
    is kept only as ``date_original``. The first date found wins."""
    if "date" in metadata or "date_original" in metadata:
        return
    iso = iso_date(written)
    if iso:
        metadata["date"] = iso
    if written != iso:
        metadata["date_original"] = written
