"""The generic pass: structural heuristics for what no rule file names.

Each step is one function ``(doc) -> None`` that removes lines under its own rule id
(``generic.title``, ``generic.region`` ...). They work on any site: the title and its
repeats, lines the head repeats (image alt text and captions), a carousel printed twice in a
row, duplicated paragraphs, and a body-region finder that keeps the best-scoring run of prose
and drops the chrome around it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex

from cleaner.dates import FULL_DATE_OR_TIME
from cleaner.document import Document, Line
from cleaner.generic.junk_patterns import JUNK_PATTERNS
from cleaner.generic.region import keep_best_region
from cleaner.linemodel.hand import is_furniture
from cleaner.text import (
    LINE_CACHE_SIZE,
    ends_like_sentence,
    is_dateline,
    is_prose,
    normalize,
    squash_whitespace,
    word_count,
)
from cleaner.zones import prose_bounds

TITLE_MIN_WORDS = 3
"""A headline has at least this many words; one or two words are a section label or a kicker."""
TITLE_MAX_WORDS = 40
"""A longer line is a paragraph, not a headline."""
TITLE_SEARCH_LINES = 3
"""How far above the first prose line the headline may stand (after rules removed chrome)."""
GLUE_MAX_WORDS = 3
"""A line is a glued title repeat when at most this many words stand before the title."""
DUPLICATE_MIN_WORDS = 6
PRINTED_TWICE_MIN_WORDS = 5
"""A line of at least this many words written twice in a row (``carousel_pairs``) may be a
carousel's slide printed once per screen size; a shorter one is a label, a chant ('Boot.
Boot.') or an alt text and its caption (``remove_caption_pairs``). On the tune sites' dumps,
such pairs held 358 words of chrome the finder kept on big9 (the Los Angeles Times' video
carousel under its stories) and none of story; 42 of chrome and 32 of story (a lede printed as
its standfirst too, a lone pair: ``PRINTED_TWICE_MIN_SLIDES``) on wcxb-dev's articles. Tune
word F1 with the step: big9 0.9691 -> 0.9714, wcxb-dev articles 0.9393 -> 0.9395,
trafilatura-eval 0.8734 unchanged."""
PRINTED_TWICE_MIN_SLIDES = 2
"""A carousel shows at least this many slides; one paragraph printed twice in a row is a lede
a page prints as its standfirst too (an auto-presse.de story on trafilatura-eval's tune pages,
a wcxb-dev article), and story."""
PRINTED_TWICE_SLIDE_DISTANCE = 4
"""Lines from one slide's pair to the next one's at most: a slide's headline stands between
them ('Caption ...', its summary twice, the next 'Caption ...')."""
DUPLICATE_CONTEXT = 2
"""Lines on each side looked at to tell the story's copy of a paragraph from a teaser's."""
TITLE_SEARCH_REMOVED = 12
"""Removed lines above the body searched for the headline when no rule or repeat named it:
share buttons, a byline, a date and a standfirst often stand between the two. On big9's tune
sites the title finders took the headline on 59 pages of 100 with 6, on 65 with 9 and on 71
with 12 or 16."""
CREDIT_OR_BYLINE = regex.compile(
    r"^(by|reporting( from)?|posted|updated|published|written)\b|\b(contributor|contact|photo"
    r"|image|credit|getty|reuters|afp|associated press|staff writer|correspondent|print)"
    r"|(?-i:\p{Ll}(Contact|Follow)\b|\p{Ll}(Share|Tweet|Pin It|Email)$)|\{\{|,$",
    regex.IGNORECASE,
)
"""What stands between a crude dump's headline and its story and is no headline: a byline
('By David Amsden', 'Peter C. Beller,'), a photo credit ('Mandel Ngan / AFP/Getty Images'), a
print link, a share button glued to its icon's name ('Google Plus iconShare') or a template
placeholder left in the page ('{{article.title}}'). On big9's tune sites the title finders
took such a line for the headline on about a third of the pages."""
QUOTES = "\"'‘’“”"
"""A headline may open with a quote ("'I am not retired!': A new move for Barbara Boxer")."""
STANDFIRST_MIN_WORDS = 6
"""A standfirst is a sentence of at least this many words; shorter, a caption's kicker or a
button ('Read the full story.')."""
STANDFIRST_MAX_WORDS = 45
"""A longer line under the headline is the story's first paragraph, which the decoder keeps."""
STANDFIRST_SEARCH_LINES = 8
"""Lines above the story's first line searched for the standfirst: a byline, a time stamp,
a comment count and share buttons, and an image's caption, stand between the two."""
SHOUTED_MIN_WORDS = 2
"""An upper-case line of this many words is a button or a label ('PRINTER FRIENDLY
VERSION'), not the headline of a dump whose story is in mixed case."""


NOT_HEADLINE_PATTERNS = tuple(
    junk.pattern for junk in JUNK_PATTERNS if junk.id in ("time-ago", "reading-time")
)
"""Shapes that are never a headline: '1 hour ago' stands above stories too, and taking it as
the title of a cleaned text would make a second clean differ from the first."""


def is_headline_candidate(text: str, min_words: int, max_words: int) -> bool:
    """A line the title finder may take for the headline: of headline length (``min_words``
    to ``max_words``: ``TITLE_MIN_WORDS``, ``TITLE_MAX_WORDS``), and not a
    dateline, a label introducing what follows (':') or a time stamp. Any case will do: the
    finder wants evidence beside it (a repeat, removed chrome), not a shape. (The validator's
    stricter ``is_title_cased_headline`` flags a line as a headline by its shape alone.)"""
    count = word_count(text)
    return (
        min_words <= count <= max_words
        and not is_dateline(text)
        and not text.rstrip().endswith(":")
        and not any(pattern.search(text.strip()) for pattern in NOT_HEADLINE_PATTERNS)
    )


def is_headline_shaped(text: str) -> bool:
    """``is_headline_candidate``, and none of what stands between a headline and its story:
    a line with a full date or a clock time (the post's time stamp), a byline or credit
    (``CREDIT_OR_BYLINE``), a button in capitals, a caption (it ends in a full stop),
    furniture, or the tail of a sentence the crawl broke (it starts in lower case or with
    punctuation)."""
    return headline_shaped_under(text, TITLE_MIN_WORDS, TITLE_MAX_WORDS, SHOUTED_MIN_WORDS)


@lru_cache(maxsize=LINE_CACHE_SIZE)
def headline_shaped_under(text: str, min_words: int, max_words: int, shouted_words: int) -> bool:
    """``is_headline_shaped`` under the given word thresholds, cached with them as part of the
    key (as ``text.prose_under`` is): the title finder asks about the same head lines on every
    pass and page of a site, and its searches were a twentieth of a repeated page's cost."""
    text = text.strip()
    opening = text.lstrip(QUOTES)[:1]
    if not is_headline_candidate(text, min_words, max_words) or not (
        opening.isupper() or opening.isdigit()
    ):
        return False
    shouted = text.isupper() and word_count(text) >= shouted_words
    return not (
        shouted
        or (text.endswith(".") and not text.endswith(".."))
        or FULL_DATE_OR_TIME.search(text)
        or CREDIT_OR_BYLINE.search(text)
        or is_furniture(text)
    )


def is_standfirst_shaped(text: str) -> bool:
    """A sentence of standfirst length that opens like one (a capital, a digit or a quote)
    and is no byline, credit or furniture."""
    text = text.strip()
    opening = text.lstrip(QUOTES)[:1]
    return (
        STANDFIRST_MIN_WORDS <= word_count(text) <= STANDFIRST_MAX_WORDS
        and ends_like_sentence(text)
        and (opening.isupper() or opening.isdigit())
        and not CREDIT_OR_BYLINE.search(text)
        and not is_furniture(text)
    )


def standfirst_above(texts: list[str], first: int) -> int | None:
    """The index of the standfirst (the one-sentence summary under the headline) among the
    ``STANDFIRST_SEARCH_LINES`` lines above the story's first line ``first``, or None: a
    standfirst-shaped line right under a headline-shaped one, or the first line of the text
    (a text already cleaned, whose headline went to the title). A caption is a sentence too,
    but it stands under the image, not under the headline."""
    for index in range(first - 1, max(first - 1 - STANDFIRST_SEARCH_LINES, -1), -1):
        if not is_standfirst_shaped(texts[index]):
            continue
        if index == 0 or is_headline_shaped(texts[index - 1]):
            return index
    return None


def keep_story(doc: Document) -> None:
    """The region finder (``keep_best_region``), keeping the standfirst above the story.

    What the finder keeps it keeps all of when asked again (it repeats on what it kept until
    that holds, ``settled_story``), so a pass whose body is the one it left, with no site
    template read, is not asked again: the same lines, scores and markers give the same
    answer (``Document.region_kept``). The second pass of most pages is that one."""
    if doc.site_template is None and doc.region_kept == doc.state():
        return
    keep_best_region(doc, standfirst_above)
    doc.region_kept = doc.state() if doc.site_template is None else None


def title_candidate(doc: Document) -> Line | None:
    """The headline-shaped line nearest above the first prose line.

    Crawls put navigation above the headline and bylines, dates and captions between it and
    the story; the rules remove the latter first, so the headline is usually right above.
    Bylines, credits and dates the rules left are passed over (``is_headline_shaped``).
    """
    first_prose, _ = prose_bounds(doc.lines)
    for line in reversed(doc.lines[max(first_prose - TITLE_SEARCH_LINES, 0) : first_prose]):
        if is_headline_shaped(line.text):
            return line
    return None


def is_glued_repeat(line: str, title: str) -> bool:
    """'News' + title, 'Title - Site', or the title with other spacing."""
    norm, key = normalize(line), normalize(title)
    if not key or key not in norm:
        return False
    if norm == key:
        return True
    extra = norm.replace(key, " ", 1)
    return word_count(extra) <= GLUE_MAX_WORDS and len(norm) < 2 * len(key)


def has_removed_neighbour(doc: Document, line: Line) -> bool:
    """The input line just before or after ``line`` was removed by a rule (site chrome)."""
    removed = {r.line for r in doc.removed}
    numbers = [x.number for x in doc.original if x.text.strip()]
    index = numbers.index(line.number)
    neighbours = numbers[max(index - 1, 0) : index] + numbers[index + 1 : index + 2]
    return any(n in removed for n in neighbours)


def find_title(doc: Document) -> None:
    """Take the headline as the title when the page shows it is one.

    Evidence is a repeat of the line (the same headline twice, or glued to a section label)
    or site chrome right beside it; a lone short first line is left alone, because in an
    already-clean text it is body.
    """
    if doc.title:
        return
    candidate = title_candidate(doc)
    if candidate is None:
        return
    repeated = any(
        is_glued_repeat(other.text, candidate.text) for other in doc.lines if other is not candidate
    )
    if repeated or has_removed_neighbour(doc, candidate):
        doc.title = candidate.text.strip()


def remove_title_repeats(doc: Document) -> None:
    """Drop the title wherever it stands in the head, and exact repeats of it anywhere."""
    if not doc.title:
        return
    first_prose, _ = prose_bounds(doc.lines)
    key = normalize(doc.title)
    doomed = [
        line
        for i, line in enumerate(doc.lines)
        if (i < first_prose and is_glued_repeat(line.text, doc.title))
        or normalize(line.text) == key
    ]
    doc.remove(doomed, "generic.title", "the headline or a repeat of it")


def remove_head_repeats(doc: Document) -> None:
    """Lines repeated before the prose starts are image alt text and its caption."""
    first_prose, _ = prose_bounds(doc.lines)
    head = doc.lines[:first_prose]
    counts: dict[str, int] = {}
    for line in head:
        counts[normalize(line.text)] = counts.get(normalize(line.text), 0) + 1
    doomed = [line for line in head if counts[normalize(line.text)] > 1]
    doc.remove(doomed, "generic.head-repeat", "a line the page head repeats (alt text, caption)")


def remove_caption_pairs(doc: Document) -> None:
    """A short line followed at once by the same line is an image's alt text and its caption
    (the crawl writes both): neither is story. A story line is not written twice in a row,
    and a paragraph doubled by the crawl is left to ``remove_duplicate_paragraphs``."""
    lines = doc.lines
    doubled = {
        i
        for i in range(len(lines) - 1)
        if not is_prose(lines[i].text) and normalize(lines[i].text) == normalize(lines[i + 1].text)
    }
    doomed = sorted(doubled | {i + 1 for i in doubled})
    reason = "an image's alt text and its caption"
    doc.remove([lines[i] for i in doomed], "generic.caption-pair", reason)


def remove_printed_twice(doc: Document) -> None:
    """Both copies of each line a carousel prints twice in a row (``carousel_pairs``)."""
    doomed = carousel_pairs(doc)
    reason = "a carousel's slide, printed twice in a row"
    doc.remove([doc.lines[i] for i in doomed], "generic.printed-twice", reason)


def carousel_pairs(doc: Document) -> list[int]:
    """Indices of the lines of a carousel that a page prints once per screen size ('Caption
    Thousands of protesters at LAX' over its summary, twice): lines of
    ``PRINTED_TWICE_MIN_WORDS`` or more written twice in a row in the input (not only once the
    lines between them are gone), at least ``PRINTED_TWICE_MIN_SLIDES`` such pairs of different
    lines (a paragraph pasted three times is no carousel, and it may be all the page has),
    with at most ``PRINTED_TWICE_SLIDE_DISTANCE`` lines from one to the next. A story prints
    each paragraph once, and ``remove_duplicate_paragraphs`` would keep one copy of each, which
    reads as story to the region finder; a lone pair is a lede a page prints as its standfirst
    too."""
    lines = doc.lines
    same = [
        i
        for i in range(len(lines) - 1)
        if lines[i].text.strip() == lines[i + 1].text.strip()
        and word_count(lines[i].text) >= PRINTED_TWICE_MIN_WORDS
    ]
    if len(same) < PRINTED_TWICE_MIN_SLIDES:  # the cheap test first: most pages have none
        return []
    written = [line.number for line in doc.original if line.text.strip()]
    place = {number: i for i, number in enumerate(written)}
    pairs = [i for i in same if place[lines[i + 1].number] == place[lines[i].number] + 1]
    found: set[int] = set()
    run: list[int] = []
    for index in [*pairs, None]:
        if run and (index is None or index - run[-1] > PRINTED_TWICE_SLIDE_DISTANCE):
            slides = {lines[i].text.strip() for i in run}  # one line thrice is one slide
            if len(slides) >= PRINTED_TWICE_MIN_SLIDES:
                found.update(j for i in run for j in (i, i + 1))
            run = []
        if index is not None:
            run.append(index)
    return sorted(found)  # a line printed three times is in two pairs


def prose_neighbours(lines: list[Line], index: int) -> int:
    """How many of the lines within DUPLICATE_CONTEXT of ``index`` are prose."""
    window = range(
        max(index - DUPLICATE_CONTEXT, 0), min(index + DUPLICATE_CONTEXT + 1, len(lines))
    )
    return sum(1 for j in window if j != index and is_prose(lines[j].text))


def remove_duplicate_paragraphs(doc: Document) -> None:
    """Extra copies of a paragraph (a lede echoed in a footer, a teaser of the story above it).

    The copy kept is the one standing among prose, inside the story; on a tie, the first.
    """
    copies: dict[str, list[int]] = {}
    for index, line in enumerate(doc.lines):
        if word_count(line.text) >= DUPLICATE_MIN_WORDS:
            copies.setdefault(normalize(line.text), []).append(index)
    doomed = []
    for indices in copies.values():
        if len(indices) > 1:
            keep = max(indices, key=lambda i: (prose_neighbours(doc.lines, i), -i))
            doomed += [doc.lines[i] for i in indices if i != keep]
    doc.remove(doomed, "generic.duplicate-paragraph", "a repeat of a paragraph kept elsewhere")


def title_above_story(doc: Document) -> None:
    """With no title yet, take the headline-shaped line nearest above the body, if the region
    finder removed it as chrome (in a crude dump the headline stands just above the story).
    Bylines, credits, time stamps and captions between the headline and the story are passed
    over (``is_headline_shaped``)."""
    if doc.title or not doc.lines:
        return
    removed_by = {r.line: r.rule for r in doc.removed}
    above = [x for x in doc.original[: doc.lines[0].number - 1] if x.text.strip()]
    for line in reversed(above[-TITLE_SEARCH_REMOVED:]):
        rule = removed_by.get(line.number, "")
        if rule.startswith("generic.region") and is_headline_shaped(line.text):
            doc.title = squash_whitespace(line.text)
            return


Step = Callable[[Document], None]
GENERIC_STEPS: tuple[Step, ...] = (
    find_title,
    remove_title_repeats,
    remove_head_repeats,
    remove_caption_pairs,
    remove_printed_twice,
    remove_duplicate_paragraphs,
    keep_story,
    title_above_story,
)


ITEM_PAGE_SKIPS: dict[str, tuple[Step, ...]] = {
    "listing": (remove_head_repeats, remove_caption_pairs),
    "collection": (remove_head_repeats, remove_caption_pairs),
}
"""Steps left out on the HTML page types made of items (``cleaner.html.page_type``). A
listing's or a shop range's items repeat their short lines ("Add to cart", "Read more", a
price, a teaser's image alt text written as its caption), and the page's gold keeps every
item whole: on the tune sites of wcxb-dev, removing head repeats
lost 0.016 of word F1 on the pages read as collections and 0.026 on those read as listings,
and caption pairs another 0.004 and 0.008 (the other steps won or were level there; on every
other type each of these steps wins). Keeping a product page's name (its title's repeats)
won 0.0015 on the tune pages typed product and was not kept (noise: 0.0013 lost held apart)."""


TEXT_ONLY_STEPS: tuple[Step, ...] = (remove_printed_twice,)
"""Steps measured on crude text dumps only (``bench/generic_dumps.py``): left out on HTML
pages, whose extracted text they were not weighed on."""


def generic_steps(doc: Document, region: bool = True) -> tuple[Step, ...]:
    """The generic steps a page gets: all of them, less those an HTML page's type does without
    (``ITEM_PAGE_SKIPS``; a text dump's type comes from its URL alone, too weak for this), less
    on an HTML page the steps weighed on text dumps only (``TEXT_ONLY_STEPS``) and, with
    ``region=False``, less the body-region finder."""
    skipped: tuple[Step, ...] = ()
    if doc.kind == "html":
        skipped = (*ITEM_PAGE_SKIPS.get(doc.page_type, ()), *TEXT_ONLY_STEPS)
    return tuple(s for s in GENERIC_STEPS if s not in skipped and (region or s is not keep_story))
