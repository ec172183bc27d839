"""Dates and times in a line: one home for the date shapes the generic pass, the line model and
the validator look for.

Two shapes, for two questions:
- ``DATE_MENTION`` (loose): does the line carry a date or time at all? Teaser items, bylines
  and comment headers do ('Jan 5', '3. März', '14:05', '2 hours ago'); the body-region finder
  and the line model read it.
- ``FULL_DATE_OR_TIME`` (strict): a date with its year, or a clock time, which ``is_timestamp``
  cuts out of a line to see whether anything but date words is left.
"""

from __future__ import annotations

import regex

from cleaner.text import word_count

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

FULL_DATE_OR_TIME = regex.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)? {MONTH},? \d{{4}}|{MONTH} \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}"
    rf"|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|\d{{1,2}}:\d{{2}}(:\d{{2}})?( ?[ap]\.?m\.?)?)\b",
    regex.IGNORECASE | regex.V0,
)
"""A date or a clock time; a line that is little more than these is a timestamp."""
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
    if not FULL_DATE_OR_TIME.search(text) or word_count(text) > TIMESTAMP_MAX_WORDS:
        return False
    leftover = DATE_FILLER.sub(" ", FULL_DATE_OR_TIME.sub(" ", text))
    return word_count(leftover) <= TIMESTAMP_MAX_LEFTOVER_WORDS
