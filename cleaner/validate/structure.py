"""Structural signals: runs of short non-sentence lines, link lists, repeats, a headline left
in the body, stray labels at the body's ends and lines off the story's topic.

The word and line counts below were set by hand with each detector, from the shapes of page
furniture and story lines on the fixtures and the big9 pages, and are checked by the mutation
bench (``bench/mutations.py``: junk put into gold bodies must be found, gold lines must not be).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, repeat

import regex

from cleaner.generic.steps import TITLE_MIN_WORDS, is_glued_repeat
from cleaner.text import (
    ITEM_SEPARATORS,
    MOSTLY_LOWER,
    SENTENCE_END_MARKS,
    ends_like_sentence,
    ends_on_closing_mark,
    has_separator_mark,
    is_dateline_any_dash,
    is_prose,
    line_words,
    lowercase_ratio,
    normalize,
    word_count,
)
from cleaner.validate.context import HIGH, LOW, MEDIUM, Context, Finding, finding

NAV_RUN_MIN_LINES = 3
"""This many short non-sentence lines in a row read as a menu or a teaser list."""
SHORT_LINE_MAX_WORDS = 6
"""A line of at most this many words without a closing mark is a fragment: menu items, labels
and bylines are this short, while a sub-heading or headline that says something usually runs
longer (a short sub-heading inside the story is spared by the run and topic tests)."""
DUPLICATE_HIGH_MIN_WORDS = 4
"""A repeat of at least this many words is a copied paragraph or headline (high); shorter
repeats ('Share', 'Advertisement', 'Photo: AP') are labels, a doubt only (medium)."""
REFRAIN_MAX_WORDS = 12
"""A repeated line this short inside the story is a refrain; a lede echoed in a footer is
longer (and stands outside the story's prose)."""
DECK_ECHO_LINES = 3
"""A deck's sentence comes back in the story's lede or the paragraph after it (a big9 gold:
deck, lede, the deck's sentence as the second paragraph); a copy further down is a repeat."""
LIST_MARKER = regex.compile(r"^(?:[•·▪◦*+–—-]|\(?\d{1,3}[.)])\s+")
"""A list item's marker: a bullet, a dash, or a number ('1.', '2)')."""
TABLE_ROW = regex.compile(r"^\|.*\|.*\|$")
"""A table row as extractors write it: cells between bars."""
HEADLINE_MIN_WORDS = 4
"""Title-Cased lines shorter than this are section labels and kickers ('World News'), which
the other detectors judge; a headline with no known title is flagged only from this length."""
HEADLINE_BETWEEN_MIN_WORDS = 5
"""A Title-Cased line between paragraphs is another story's headline from this length: the
sub-headings of the mutation bench's gold bodies that are Title-Cased are names with a role
or a place ('Nate Elliott, Jupiter Research'), which hold a mark (HEADLINE_INNER_MARKS)."""
HEADLINE_INNER_MARKS = regex.compile(r"[,;:()\[\]\"“”–—|]|\s-\s")
"""Marks inside a line that make it a name with its role, a signature or a list, not a
headline."""
HEADING_INNER_MARKS = regex.compile(r"[;:()\[\]\"“”–—|@#]|,\s|\s-\s")
"""Marks inside a line that make it a name with its role, a signature, a list or a sentence's
clause ('Drivers, start your engines'), not a headline; a comma inside a number is no mark."""
HEADED_LINES = 3
HEADING_ECHO_ABOVE = 2
"""A sub-heading's words come back within this many lines below it (the section it heads) or
HEADING_ECHO_ABOVE above it (a heading that sums up what was just said); on the mutation
bench's tune-site golds every sub-heading of 4+ words between paragraphs does."""
HEAD_MAX_LINES = 40
"""Head lines compared pairwise for headline repeats (a page with no prose has no end)."""
SMALL_WORDS = "a an the and or but nor of to in on at by for from with as vs via into over per up"
TITLE_SMALL_WORDS = frozenset(
    (SMALL_WORDS + " off out is are was be its his her their than").split()
)
FUNCTION_WORDS = (
    "this that these those it not more most new news all about after before over under then "
    "there here what when where who why how will would can could should may might has have had "
    "does did just also says said one two three four were been being which you your our they "
    "she him them"
)
STOP_WORDS = TITLE_SMALL_WORDS | frozenset(FUNCTION_WORDS.split())
OFF_TOPIC_MAX_SHARED = 0.25
"""A line with fewer of its content words found elsewhere in the story is off-topic."""
OFF_TOPIC_HIGH_WORDS = 4
"""An off-topic line between paragraphs is high from this length (up to PARAGRAPH_MIN_WORDS,
or TEASER_MAX_WORDS when it holds no sentence mark at all and is not the last line: a longer
line with a full stop whose end an encoding garbled is a sentence, and an unpunctuated last
paragraph is body): headline-long, it is another story's teaser; shorter, a label that may be
a sub-heading."""
TEASER_MIN_WORDS, TEASER_MAX_WORDS = 4, 16
"""A teaser headline's length: a shorter line is a label (``is_short_fragment``), a longer
one a paragraph that lost its full stop."""
STRAY_MODEL_PROBABILITY = 0.6
"""An off-topic line the line model's "cleaned" head gives at least this probability of junk
is a doubt: more likely junk than not, with a margin (clean prose gets about 0.1). Chosen on
the mutation bench's tune-site bodies, where no gold line with an off-topic note reaches it
(the highest, a two-word sub-heading, 'The search', gets 0.48)."""
MODEL_EDGE_MESSAGE = "no prose, at the body's edge, and chrome to the line model"
MODEL_STRAY_PROBABILITY = 0.7
"""A line with no other finding needs more of the line model: at this probability no gold
line of the mutation bench's tune-site bodies that is no prose is reached (a sub-heading of
a fixture, 'Building upon Safe Browsing', gets 0.65)."""
FRAGMENT_PROBABILITY = 0.75
"""A line between paragraphs that is no prose nor a piece of it is a doubt at this probability of
junk from the line model, whatever words it shares with the story (another story's teaser
names the same country, a show's title the same network): no such gold line of the mutation
bench's tune-site bodies reaches it (the highest, 'The reasons are myriad.', gets 0.60)."""
ADDRESS_WORDS = regex.compile(r"\b(?:you|your|yours|we|our|us|me|my|i)\b", regex.IGNORECASE)
"""Words a line speaks to the reader with, or as the site or a commenter."""
LABEL_MAX_WORDS = 3
LABEL_PROBABILITY = 0.55
"""A label of at most LABEL_MAX_WORDS words that shares no word with the story needs less of
the line model than MODEL_STRAY_PROBABILITY: on the mutation bench's tune-site bodies the
highest such gold line, a sub-heading ('The search'), gets 0.48, while inserted widget words
get 0.5 to 0.7 ('Auch lesen:', 'Photo credits', 'Kategorie:')."""
STRAY_SENTENCE_MAX_WORDS = 12
"""A sentence this short between paragraphs can be a comment or an appeal that strayed in; a
longer one is a paragraph (clean bodies hold off-topic paragraphs: a quote, a new turn)."""
STRAY_SENTENCE_MIN_LINES = 3
"""... in a body of at least this many lines: in a shorter one, no line has a story to share
words with."""
PASSAGE_MIN_WORDS, PASSAGE_MAX_WORDS = 6, 40
"""A line sharing no word with its story is a stray passage from this length (a shorter one
is a label or a sub-heading, which may share none) up to a long paragraph's."""
PASSAGE_BODY_MIN_LINES = 5
"""... in a body of at least this many lines: the paragraphs of a brief of three or four may
share no word ('Kremlin spokesman Dmitry Peskov said ...' beside two on the treaty)."""
PASSAGE_PROBABILITY = 0.3
"""... when the line model gives it at least this: no line of the mutation bench's clean
bodies that shares no word with its story and is no credit reaches it (the highest, 'Local
officials said schools and government offices would ...' in a hurricane story, gets 0.2),
while a third of the inserted junk passages the other tests miss do."""
QUESTION_MIN_WORDS = 6
"""A shorter question between paragraphs is a sub-heading ('What about general maintenance?',
'IS THERE ROOM FOR COMPROMISE?': the mutation bench's golds keep such, of 2 to 5 words); at
the body's edge no section follows it."""
QUOTE_OPENERS = "\"'“‘«„"
"""A line opening on a quote mark is someone's words in the story, whatever they ask."""
REACH_MIN_LINES = 5
"""A body's edge line is weighed against the rest from this many lines: in a brief of three
or four paragraphs each may name its own people and places."""
REACH_MIN_PARAGRAPHS = 4
"""... against at least this many other paragraphs of prose: the paragraphs of a brief of
three or four may each name their own people and places ('Kremlin spokesman Dmitry Peskov
said ...' beside three on Russia's ties), as for PASSAGE_BODY_MIN_LINES."""
REACH_MIN_STEMS = 4
"""... when it holds at least this many content words: a shorter line is a label or a
dateline, which the stray-end tests judge."""
LEDE_REACH_MIN = 0.2
"""A story's first line is its lede, whose subject the rest of the story keeps naming: on the
mutation bench's tune-site bodies every lede of four content words or more shares a word with
at least a quarter of the other lines (the lowest, 'Our ancestors intermingled in complicated
ways ...', a quarter exactly), while another story's line put at the top shares with fewer.
A fifth leaves a margin: on the cleaner's own output a lede shares with fewer (the body keeps
a line or two of chrome that shares nothing)."""
CLOSE_REACH_MIN = 0.1
"""A story's last line may turn away from its subject (a quote, a look ahead), so a closing
line is off the story only when it shares a word with under a tenth of the other lines (the
credits and list items the golds end with are spared: ``is_off_story_close``)."""
CLOSE_TEASER_REACH_MIN = 0.25
"""... and a headline-length closing line with no closing mark, shaped as a teaser, only when
it shares a word with under a quarter of them, as a lede would (no gold body of the mutation
bench ends on such a line)."""
QUOTE_MARKS = '"“”'
"""Marks of a quote: a line holding one gives someone's words (``has_quote``)."""
CONTENT_CACHE_SIZE = 8192
"""Lines and words whose content words are remembered: every body line is asked again by each
off-topic and topic-share test of its document, and a bounded cache keeps memory flat."""
PARAGRAPH_MIN_WORDS = 10
"""An unpunctuated lower-case line this long is a paragraph that lost its full stop."""
INNER_SENTENCE_BREAK = regex.compile(r"\p{Ll}[.!?][\"'”’]?\s+\p{Lu}")
CREDIT = regex.compile(
    r"contribut|report(ing|ed)|can be reached|\bdoi\b|https?://|@\w|\bwires?\b|editing by",
    regex.IGNORECASE,
)
"""Credit, contact and citation lines that close a story (the golds keep them)."""
LINK_LIST_MIN_ITEMS = 3
"""Three separated items make a link row or a breadcrumb ('Home › News › World'); two are a
title and its site ('Story | Site') or a pair of names."""
LINK_ITEM_MAX_WORDS = 5
"""Items of a link row are link texts or section names; a longer item is a clause of a sentence
that happens to hold a separator."""
TAG_LIST_MIN_ITEMS = 5
"""A comma list of at least this many short items is a tag row: a sentence listing names has
fewer, or its items run longer."""
TAG_ITEM_MAX_WORDS = 4
"""Tags are one to a few words ('Donald Trump', 'Supreme Court'); a list of longer items is
a sentence's enumeration."""
TABLE_MIN_ROWS = 2
"""A row and one neighbour with as many cells make a table; a lone row is no table."""
EDGE_MIN_LINES = 2
"""A stray label at the top is told by the prose line after it: a body of one line has none."""
OPENING_DECK_MIN_WORDS = 3
"""An opening label of at least this many words that shares the story's words may be a deck
(kept by the big9 golds); one or two words are a section label or a kicker."""
LIST_HEAD_FOLLOWERS = 2
"""A label heads a list when this many unpunctuated lines follow it: one could be a
sub-heading's paragraph that lost its full stop."""
STEM_MIN_CHARS = 3
"""Words shorter than this say nothing of the topic ('US', 'at')."""
STEM_MIN_ROOT = 4
"""A suffix is cut only when this much is left ('missiles' -> 'missil', but 'uses' stays):
a shorter root would merge unrelated words."""
LANGUAGE_MARKERS = {
    "en": "the and is are were of to that this with for from you your have has not but which "
    "would they their been he she his its on at by as be or said what who when there these "
    "because after had we our can if about than into out up",
    "de": "der das und ist nicht ein eine einen einem mit von zu den dem auf für sich auch im "
    "ich du wir ihr sie sind wird werden haben kann können uns dir dich mich noch jetzt mehr "
    "oder wie bei zum zur nach über diese dieser dieses keine kein nur schon gibt",
    "fr": "le la les des est une pour dans sur que qui avec aux vous nous ce cette sont mais "
    "ou leur",
    "es": "el los las y es una por para del que se su sus como pero más este esta",
    "it": "il di che è della sono gli questo anche",
    "nl": "het een niet voor zijn te dat ook maar wordt bij deze",
}
"""Function words that tell a line's language, without the ones English shares as words or
names ('die', 'was', 'will', 'hat', 'also', 'per', 'con', 'al', 'et', 'pas', 'van', 'met'): a
name ('Los Angeles', 'Des Moines') holds one of them, a line of another language several. A
word two languages share counts for the later one ('que' for Spanish; 'des' is left to French,
where it is commoner): either way the line is not the story's English."""
LANGUAGE_OF_WORD = {
    word: language for language, text in LANGUAGE_MARKERS.items() for word in text.split()
}
WORD_EDGE_MARKS = "'’.-"
"""What a word may carry at its edges that is no part of it as a function word or a stem."""
FOREIGN_MIN_MARKERS = 2
"""Two function words of another language make a line of it. One makes it only written in
lower case and with no function word of another language beside it: a name's particle is
capitalised ('Los Angeles', 'Des Moines', 'Le Monde'), a widget's word is not ('Videos zum
Thema', 'Teilen mit:')."""
BODY_LANGUAGE_MIN_MARKERS = 10
"""The body's language is told from at least this many function words (two sentences' worth;
the two shortest gold bodies of the mutation bench hold 11 and 12): a shorter body says too
little to call one line foreign to it."""
DANGLING_END = regex.compile(
    r"(,|[-–—]|\b(the|a|an|and|or|but|of|to|in|for|with|on|at|by|from|that|which|as|is|are|was"
    r"|were|his|her|their|its|our|who|when|while|because|if|than|into|about|after|before|"
    r"between|under|over|said|says|says that|said that))$",
    regex.IGNORECASE,
)
DANGLING_TAIL_CHARS = 12
"""A line's last characters that hold any ``DANGLING_END`` match: its longest alternative
('says that') has 9 characters, and ``$`` may stand before a final newline."""


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def dangling_end(text: str) -> bool:
    """Whether ``text`` ends on a word or mark that leaves a sentence open (``DANGLING_END``).
    The pattern is anchored at the end, so the search starts within the line's last
    ``DANGLING_TAIL_CHARS`` characters instead of trying every position of a long paragraph
    (``\\b`` still reads the character before the start): the same answer. Remembered per
    line text, as ``list_shape`` and ``is_credit``: the detectors ask again about the same
    lines, in a document and across a site's pages (17 searches a document)."""
    return DANGLING_END.search(text, max(0, len(text) - DANGLING_TAIL_CHARS)) is not None


def is_short_fragment(text: str) -> bool:
    """A short line without sentence shape: menu item, label, teaser headline."""
    count = word_count(text)
    return count <= SHORT_LINE_MAX_WORDS and not ends_on_closing_mark(text)


def detect_nav_runs(ctx: Context) -> Iterator[Finding]:
    """Runs of short non-sentence lines: menus, teaser lists, link rows.

    The last line of a run may head the prose after it, but a sub-heading is one line: the
    run as a whole is chrome. Datelines break a run.
    """
    run: list[int] = []
    for index, line in enumerate([*ctx.lines, None]):
        if line is not None and is_run_member(line.text):
            run.append(index)
            continue
        if len(run) >= NAV_RUN_MIN_LINES:
            severity = nav_run_severity(ctx, run)
            for i in run:
                yield finding(
                    ctx.lines[i],
                    "nav-run",
                    "structure.nav-run",
                    severity,
                    f"one of {len(run)} short non-sentence lines in a row (menu or teaser list)",
                )
        run = []


def is_run_member(text: str) -> bool:
    return is_short_fragment(text) and word_count(text) > 0 and not is_dateline_any_dash(text)


def nav_run_severity(ctx: Context, run: list[int]) -> str:
    """Menus are Title-Cased words with no marks. Rows that share a list or table shape
    (bullets, numbers, table cells: race results, specifications) are a list in the story
    (docs/body.md: body), low; a lower-case run, one a line ending in ':' introduces, or one whose
    items mostly share the story's words is a doubt, medium."""
    if sum(in_list_or_table(ctx, i) for i in run) * 2 > len(run):
        return LOW
    capitalised = sum(lowercase_ratio(ctx.lines[i].text) for i in run) / len(run) < MOSTLY_LOWER
    if not capitalised and sum(has_number(ctx.lines[i].text) for i in run) * 2 > len(run):
        return LOW  # a specification list without bullets ('512 megabyte memory card', '107g')
    introduced = run[0] > 0 and ctx.lines[run[0] - 1].text.rstrip().endswith(":")
    on_topic = sum(shares_topic(ctx, i) for i in run) * 2 > len(run)
    return HIGH if capitalised and not introduced and not on_topic else MEDIUM


def has_number(text: str) -> bool:
    """Holds a digit: a figure of a specification or a result ('107g', '9 hours')."""
    return any(c.isdigit() for c in text)


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def list_shape(text: str) -> str | None:
    """'table' for a table row ('| a | b |'), the marker for a list item ('•', '-', a number),
    or None. Remembered per line text: a line's shape is asked for it and for each neighbour
    (two searches a line, some 24 a document)."""
    text = text.strip()
    if TABLE_ROW.match(text):
        return "table"
    marker = LIST_MARKER.match(text)
    if marker is None:
        return None
    return "number" if any(c.isdigit() for c in marker.group()) else marker.group().strip()


def in_list_or_table(ctx: Context, index: int) -> bool:
    """A row of a list or table: a neighbour has the same shape (menus are seldom numbered or
    tabular, and a lone marked line is no list)."""
    shape = list_shape(ctx.lines[index].text)
    if shape is None:
        return is_table_row(ctx, index)
    neighbours = (ctx.lines[i].text for i in (index - 1, index + 1) if 0 <= i < len(ctx.lines))
    return any(list_shape(text) == shape for text in neighbours)


def detect_link_lists(ctx: Context) -> Iterator[Finding]:
    """Breadcrumbs, tag rows and link rows: short items joined by separators or commas. A
    table's rows (cells between bars, or rows as many cells wide as their neighbour) are not."""
    for index, line in enumerate(ctx.lines):
        if ctx.prose[index] and ends_like_sentence(line.text):
            continue
        if list_shape(line.text) == "table" or is_table_row(ctx, index):
            continue  # a table's rows, not a link row
        if is_link_list(line.text):
            yield finding(
                line,
                "link-list",
                "structure.link-list",
                HIGH,
                "items joined by separators (breadcrumbs, tags or a link row)",
            )


def is_table_row(ctx: Context, index: int) -> bool:
    """A row with as many separator-joined cells as a neighbour row, and a number among them
    (specification and results tables; a site's footer link rows hold no numbers)."""
    count = cell_count(ctx.lines[index].text)
    if count < LINK_LIST_MIN_ITEMS:
        return False
    rows = [ctx.lines[i].text for i in (index - 1, index, index + 1) if 0 <= i < len(ctx.lines)]
    same = [text for text in rows if cell_count(text) == count]
    return len(same) >= TABLE_MIN_ROWS and any(any(c.isdigit() for c in text) for text in same)


def cell_count(text: str) -> int:
    if not has_separator_mark(text):  # no separator to split on (most lines): one cell or none
        return 1 if text.strip() else 0
    return len([item for item in ITEM_SEPARATORS.split(text) if item.strip()])


def is_link_list(text: str) -> bool:
    items = [i for i in ITEM_SEPARATORS.split(text) if i.strip()]
    if len(items) >= LINK_LIST_MIN_ITEMS and all(
        word_count(i) <= LINK_ITEM_MAX_WORDS for i in items
    ):
        return True
    parts = [p for p in text.split(",") if p.strip()]
    return (
        len(parts) >= TAG_LIST_MIN_ITEMS
        and not ends_on_closing_mark(text)
        and all(word_count(p) <= TAG_ITEM_MAX_WORDS for p in parts)
    )


def detect_duplicates(ctx: Context) -> Iterator[Finding]:
    """Later copies of a line (a lede echoed in a footer, alt text and its caption). A short
    line repeated between the story's prose lines is a refrain (a chorus, a recipe's 'Stir
    well.'), low. An opening line the story's own first paragraphs repeat is a deck: the
    finding names the deck (``deck_repeated``), not the story's paragraph."""
    seen: dict[str, int] = {}
    for index, line in enumerate(ctx.lines):
        key = normalize(line.text)
        if not word_count(line.text):
            continue
        if key in seen:
            first = seen[key]
            if deck_repeated(ctx, first, index):
                yield finding(ctx.lines[first], "duplicate-paragraph", "structure.duplicate",
                              deck_severity(ctx), f"a deck that line {line.number} of the "
                              "story repeats")  # fmt: skip
                continue
            long = word_count(line.text) >= DUPLICATE_HIGH_MIN_WORDS
            refrain = (
                word_count(line.text) <= REFRAIN_MAX_WORDS
                and ctx.first_prose() < first
                and index < ctx.last_prose()
            )
            yield finding(
                line,
                "duplicate-paragraph",
                "structure.duplicate",
                LOW if refrain else HIGH if long else MEDIUM,
                f"repeats line {ctx.lines[first].number}" + (" (a refrain)" if refrain else ""),
            )
        seen.setdefault(key, index)


def deck_repeated(ctx: Context, first: int, index: int) -> bool:
    """The body's opening line, of a paragraph's length, repeated within the story's first
    DECK_ECHO_LINES lines, before its last prose line: a summary the site prints above the
    story (the big9 golds keep decks) whose sentence the lede or the next paragraph repeats.
    A lede echoed in a footer stands after the story's prose, and stays a copy (high)."""
    return (
        first == 0
        and index <= DECK_ECHO_LINES
        and index < ctx.last_prose()
        and word_count(ctx.lines[index].text) >= PARAGRAPH_MIN_WORDS
    )


def detect_title(ctx: Context) -> Iterator[Finding]:
    """The known title, or without one a headline told by its repeats or its shape."""
    if ctx.title and word_count(ctx.title):
        for line in ctx.lines:
            if is_glued_repeat(line.text, ctx.title):
                yield finding(
                    line, "title-in-body", "structure.title", HIGH, "the headline left in the body"
                )
        return
    yield from detect_head_repeats(ctx)
    yield from detect_headline_shape(ctx)


def detect_head_repeats(ctx: Context) -> Iterator[Finding]:
    """Without a known title: a head line that another head line repeats is the headline."""
    head = ctx.lines[: min(ctx.first_prose(), HEAD_MAX_LINES)]
    for i, line in enumerate(head):
        if word_count(line.text) < TITLE_MIN_WORDS:
            continue
        for other in head[:i] + head[i + 1 :]:
            if normalize(other.text) != normalize(line.text) and is_glued_repeat(
                other.text, line.text
            ):
                yield finding(
                    other,
                    "title-in-body",
                    "structure.title",
                    HIGH,
                    f"the headline (line {line.number}) glued to a label",
                )
                yield finding(
                    line,
                    "title-in-body",
                    "structure.title",
                    HIGH,
                    f"the headline, repeated on line {other.number}",
                )


def detect_headline_shape(ctx: Context) -> Iterator[Finding]:
    """A Title-Cased line before the story's first prose is a headline: stories open with a
    lede, and the sub-headings docs/body.md keeps stand between paragraphs."""
    for line in ctx.lines[: ctx.first_prose()]:
        if is_title_cased_headline(line.text):
            yield finding(
                line,
                "title-in-body",
                "structure.headline-shape",
                HIGH,
                "a Title-Cased headline before the story starts",
            )


def is_title_cased_headline(text: str) -> bool:
    """A line shaped as a headline on its own: HEADLINE_MIN_WORDS words or more, Title-Cased,
    neither prose nor a sentence. (The title finder's ``is_headline_candidate`` is looser: it
    takes any line of headline length, since it also asks for evidence beside it.)"""
    alphabetic = [w for w in line_words(text) if w[0].isalpha()]
    return (
        len(alphabetic) >= HEADLINE_MIN_WORDS
        and not is_prose(text)
        and not ends_like_sentence(text)
        and is_title_cased(text)
    )


def is_title_cased(text: str) -> bool:
    """Every lower-case word is a small word: 'Putin to Visit North Korea in June'."""
    found = [w for w in line_words(text) if w[0].isalpha()]
    lower = [w for w in found if w[0].islower()]
    small = all(w.lower().strip(".'’-") in TITLE_SMALL_WORDS for w in lower)
    return len(found) > len(lower) and small


def detect_stray_ends(ctx: Context) -> Iterator[Finding]:
    """Chrome at the edges: a label opening the story, a non-sentence line closing it.

    A story opens with its lede or a dateline, never with a sub-heading, so a short label
    followed by prose on the first line is a section label, kicker or byline, or a deck when it
    shares the story's words (the big9 golds keep decks: then only a warning). So is one
    followed by another opening (a dateline line, a highlights list's label). The last line
    has no prose to head, so a line there that is neither prose nor a sentence is chrome,
    unless it is the last item of a list the story ends with. A non-prose line at either edge
    that the line model reads as junk is a doubt: the edges are where chrome is left.
    """
    if len(ctx.lines) < EDGE_MIN_LINES:
        return
    for found in (stray_head(ctx), stray_tail(ctx)):
        if found is not None:
            yield found


def stray_head(ctx: Context) -> Finding | None:
    first = ctx.lines[0]
    if is_dateline_any_dash(first.text):
        return None
    opening_label = is_short_fragment(first.text) or is_teaser_headline(ctx, 0)
    stacked = is_story_opener(ctx, 1)
    if opening_label and (stacked or (ctx.prose[1] and not heads_a_list(ctx, 0))):
        deck = word_count(first.text) >= OPENING_DECK_MIN_WORDS and shares_topic(ctx, 0)
        severity, what = (deck_severity(ctx), "a deck or") if deck else (HIGH, "a")
        return finding(
            first, "stray-line", "structure.head", severity, f"{what} short label opens the story"
        )
    if not ctx.prose[0] and model_reads_junk(ctx, 0):
        return finding(first, "stray-line", "structure.head", MEDIUM, MODEL_EDGE_MESSAGE)
    return None


def is_story_opener(ctx: Context, index: int) -> bool:
    """A line a story opens with that is not its lede: a dateline on a line of its own
    ('NEW ORLEANS -', 'Guwahati:') or a label heading a list ('Story Highlights' over its
    bullets). A story has one such opening, so a label above it is chrome stacked on the story,
    not a heading of it."""
    if index >= len(ctx.lines) or ctx.prose[index]:
        return False
    text = ctx.lines[index].text.strip()
    if text[:1].islower():
        return False  # the rest of a sentence the line above began ('bid to be governor,')
    return is_dateline_any_dash(text) or (is_short_fragment(text) and heads_a_list(ctx, index))


def stray_tail(ctx: Context) -> Finding | None:
    index = len(ctx.lines) - 1
    last = ctx.lines[index]
    if in_list_or_table(ctx, index) or is_credit(last.text):
        return None  # a list's last item, a credit line: the golds keep them
    if last.text.rstrip().endswith(":"):  # no dateline either: a dateline opens a story
        why = "the body ends on a colon: a label, or what it introduced was lost"
        return finding(last, "stray-line", "structure.tail", MEDIUM, why)
    if is_dateline_any_dash(last.text):
        return None
    if is_short_fragment(last.text) or is_title_cased_headline(last.text):
        why = "a label or headline ends the body (widget, teaser, footer)"
        return finding(last, "stray-line", "structure.tail", HIGH, why)
    if not ctx.prose[index] and model_reads_junk(ctx, index):
        return finding(last, "stray-line", "structure.tail", MEDIUM, MODEL_EDGE_MESSAGE)
    return None


def deck_severity(ctx: Context) -> str:
    """An opening line on the story's topic is a deck (the golds keep decks): a note when the
    headline is known and is not this line (``detect_title`` names a headline left in the
    body), a doubt when it is not known, as the line may be the headline itself."""
    return LOW if ctx.title and word_count(ctx.title) else MEDIUM


def is_teaser_headline(ctx: Context, index: int) -> bool:
    """A headline-length line in sentence case, unpunctuated and off the story's topic:
    another story's teaser ('Council approves plan to double the number of public chargers by
    next year'). Only at the story's head, which opens with a punctuated lede: an unpunctuated
    last paragraph is body (docs/body.md), whatever its words."""
    text = ctx.lines[index].text
    count = word_count(text)
    return (
        TEASER_MIN_WORDS <= count <= TEASER_MAX_WORDS
        and not ends_on_closing_mark(text)
        and not looks_like_sentences(text)
        and not shares_topic(ctx, index)
    )


def shares_topic(ctx: Context, index: int) -> bool:
    """At least OFF_TOPIC_MAX_SHARED of the line's content words occur elsewhere in the body
    (in another line: one that counts more than this line's own)."""
    mine = content_stems(ctx.lines[index].text)
    if not mine:
        return False
    counts = stem_line_counts(ctx)
    return sum(counts[word] > 1 for word in mine) / len(mine) >= OFF_TOPIC_MAX_SHARED


def stem_line_counts(ctx: Context) -> dict[str, int]:
    """How many body lines hold each content stem: counted once per document, where asking
    each line which words the other lines use would walk the body once per line."""
    if ctx.stem_lines is None:  # one C-level count over every line's stems (each a set)
        stems = map(content_stems, [line.text for line in ctx.lines])
        ctx.stem_lines = Counter(chain.from_iterable(stems))
    return ctx.stem_lines


def detect_off_topic(ctx: Context) -> Iterator[Finding]:
    """A non-sentence line sharing (almost) no content word with the story: teaser or menu.

    Sub-headings and decks echo the story's words; another story's headline does not. An
    isolated headline-length line between paragraphs is high, a short label medium or low.
    """
    counts = stem_line_counts(ctx)
    lone_headline = headline_lines(ctx) == 1
    for index, line in enumerate(ctx.lines):
        mine = content_stems(line.text)
        if ctx.prose[index] or not mine or looks_like_sentences(line.text):
            continue
        if is_dateline_any_dash(line.text) or continues_sentence(ctx, index):
            continue
        if continued_below(ctx, index):
            continue
        shared = sum(counts[word] > 1 for word in mine) / len(mine)
        if shared >= OFF_TOPIC_MAX_SHARED and lone_headline and is_headline_between(ctx, index):
            yield finding(line, "off-topic-line", "structure.headline-between", MEDIUM,
                          "a Title-Cased headline between two paragraphs (another story's "
                          "teaser, though it shares the story's words)")  # fmt: skip
            continue
        if shared >= OFF_TOPIC_MAX_SHARED or heads_a_list(ctx, index):
            continue
        if in_list_or_table(ctx, index):
            continue
        yield finding(
            line,
            "off-topic-line",
            "structure.off-topic",
            off_topic_severity(ctx, index),
            "a line sharing no words with the rest of the story (teaser or menu item)",
        )


def headline_lines(ctx: Context) -> int:
    """How many of the body's lines are Title-Cased headlines (``is_title_cased_headline``):
    a page that heads its sections so has several, and its sub-headings are story; a lone one
    between a news story's paragraphs may be another story's teaser (``is_headline_between``).
    On wcxb-dev's pages, 2,646 of 2,852 such lines between paragraphs are in the gold; with no
    other in the body, 40 of 52 still are: the test is a doubt (medium) on 22 good pages of
    1,487, where without this condition it was on 555."""
    return sum(not ctx.prose[i] and is_title_cased_headline(line.text)
               for i, line in enumerate(ctx.lines))  # fmt: skip


def is_headline_between(ctx: Context, index: int) -> bool:
    """A Title-Cased headline of HEADLINE_BETWEEN_MIN_WORDS words or more, in mixed case and
    with no mark inside (a comma, a colon, brackets, a dash or a quote: a name with its role,
    a tweet's signature), standing between two paragraphs of prose: another story's teaser,
    whatever words it shares with this one ('Russian President Vladimir Putin's Rare Visit to
    North Korea' in a story on Russia). The golds' sub-headings are shorter or in sentence
    case; a body with other Title-Cased headlines heads its sections so (``detect_off_topic``
    asks for a lone one: ``headline_lines``)."""
    text = ctx.lines[index].text
    if not between_paragraphs(ctx, index):
        return False
    return (
        word_count(text) >= HEADLINE_BETWEEN_MIN_WORDS
        and not text.isupper()
        and not HEADLINE_INNER_MARKS.search(text)
        and is_title_cased_headline(text)
    )


def detect_headings_of_nothing(ctx: Context) -> Iterator[Finding]:
    """A headline-shaped line between two paragraphs that names nothing around it: no content
    word of the paragraph above nor of the lines it would head (``heads_nothing``)."""
    if section_heads(ctx) > 1:
        return  # a body that heads its sections: its sub-headings are story
    for index, line in enumerate(ctx.lines):
        if heads_nothing(ctx, index):
            yield finding(line, "off-topic-line", "structure.heads-nothing", MEDIUM,
                          "a headline-shaped line between paragraphs sharing no word with "
                          "them (another story's teaser or a caption)")  # fmt: skip


def section_heads(ctx: Context) -> int:
    """How many unpunctuated lines stand alone between two prose paragraphs: a body that heads
    its sections has several (a how-to's steps, a review's parts), and a sub-heading there need
    not repeat its section's words ('Ease of Use and Comfort'); a news story has none, and one
    such line is likelier another story's teaser or a caption."""
    return sum(is_lone_unpunctuated(ctx, i) for i in range(len(ctx.lines)))


def between_paragraphs(ctx: Context, index: int) -> bool:
    """The line stands between two lines of prose."""
    return 0 < index < len(ctx.lines) - 1 and ctx.prose[index - 1] and ctx.prose[index + 1]


def is_lone_unpunctuated(ctx: Context, index: int) -> bool:
    """A line that is no prose and holds no sentence's end, standing between two paragraphs:
    the shape of a sub-heading, another story's teaser or a caption."""
    text = ctx.lines[index].text
    return (
        between_paragraphs(ctx, index)
        and not ctx.prose[index]
        and not any(mark in text for mark in SENTENCE_END_MARKS)
    )


def heads_nothing(ctx: Context, index: int) -> bool:
    """An unpunctuated line of TEASER_MIN_WORDS to TEASER_MAX_WORDS words between two prose
    paragraphs, no piece of a sentence, list row or credit, with no mark of a name's role or a
    signature inside (HEADING_INNER_MARKS), that shares no content word with the
    HEADING_ECHO_ABOVE lines above nor the HEADED_LINES lines below. A sub-heading names the
    section it heads, so its words come back right below it; another story's teaser or a
    picture's caption ('People cooling off at a city fountain') shares none with the
    paragraphs it fell between."""
    text = ctx.lines[index].text.strip()
    if not is_lone_unpunctuated(ctx, index):
        return False
    if not TEASER_MIN_WORDS <= word_count(text) <= TEASER_MAX_WORDS:
        return False
    if HEADING_INNER_MARKS.search(text) or not stands_whole(ctx, index) or is_credit(text):
        return False
    mine = content_stems(text)
    if not mine:
        return False
    above = ctx.lines[max(index - HEADING_ECHO_ABOVE, 0) : index]
    near = [*above, *ctx.lines[index + 1 : index + 1 + HEADED_LINES]]
    return all(mine.isdisjoint(content_stems(line.text)) for line in near)


def continues_sentence(ctx: Context, index: int) -> bool:
    """The line after one that breaks off on a comma, a dash or a connective word is the rest
    of its sentence, split by the extractor at a link ('... to fight in' / 'Afghanistan and' /
    'Iraq.'), not a label."""
    return index > 0 and dangling_end(ctx.lines[index - 1].text.rstrip())


def continued_below(ctx: Context, index: int) -> bool:
    """The next line opens in lower case: it is the rest of this line's sentence, split by the
    extractor, so this line is no label."""
    return index + 1 < len(ctx.lines) and ctx.lines[index + 1].text.lstrip()[:1].islower()


def looks_like_sentences(text: str) -> bool:
    """Ends like a sentence, holds a sentence break, breaks off on a connective, starts in lower
    case or leaves a quote open: a piece of prose (often split by the extractor), not a title."""
    text = text.strip()
    open_quote = text.count('"') % 2 == 1 or text.count("“") > text.count("”")
    broken_off = word_count(text) > SHORT_LINE_MAX_WORDS and dangling_end(text)
    return bool(
        text[:1].islower()
        or open_quote
        or broken_off
        or ends_on_closing_mark(text)
        or INNER_SENTENCE_BREAK.search(text)
    )


def off_topic_severity(ctx: Context, index: int) -> str:
    """High for a headline-shaped line standing alone between paragraphs, medium for a
    Title-Cased or upper-case label, for any other off-topic line the line model reads as
    junk (two independent signals agreeing); else a note (a sub-heading may share no word
    with its story: 'Too fragile', 'Features first'). A line the next line continues in lower
    case is no label at all (the caller skips it)."""
    text = ctx.lines[index].text
    isolated = all(ctx.prose[i] for i in (index - 1, index + 1) if 0 <= i < len(ctx.lines))
    count = word_count(text)
    unpunctuated = not any(mark in text for mark in SENTENCE_END_MARKS)
    between = 0 < index < len(ctx.lines) - 1  # an unpunctuated last paragraph is body
    longest = TEASER_MAX_WORDS if unpunctuated and between else PARAGRAPH_MIN_WORDS - 1
    headline_length = OFF_TOPIC_HIGH_WORDS <= count <= longest
    if is_credit(text):
        return LOW  # a credit line ('With Post wires'): the golds keep them (``stray_tail``)
    if isolated and (headline_length or is_title_cased(text)):
        return HIGH
    if is_title_cased(text) or text.isupper() or model_reads_junk(ctx, index):
        return MEDIUM
    if is_stray_teaser(ctx, index):
        return MEDIUM
    return LOW


def is_stray_teaser(ctx: Context, index: int) -> bool:
    """A headline-length unpunctuated line sharing not one content word with the story, in a
    body long enough to have a vocabulary: another story's teaser wherever it stands (a
    sub-heading, the one kind of body line shaped so, echoes its section's words)."""
    text = ctx.lines[index].text
    return (
        len(ctx.lines) >= STRAY_SENTENCE_MIN_LINES
        and TEASER_MIN_WORDS <= word_count(text) <= TEASER_MAX_WORDS
        and not any(mark in text for mark in SENTENCE_END_MARKS)
        and not is_credit(text)
        and not shares_any_word(ctx, index)
    )


def shares_any_word(ctx: Context, index: int) -> bool:
    """Some content word of the line occurs in another body line."""
    counts = stem_line_counts(ctx)
    return any(counts[word] > 1 for word in content_stems(ctx.lines[index].text))


def detect_model_strays(ctx: Context) -> Iterator[Finding]:
    """A line that is no piece of the story's prose (not prose, no sentence, not part of a
    sentence split across lines, no list row) and that the line model reads as chrome with
    MODEL_STRAY_PROBABILITY: a label, a teaser or a widget line whose shape the structural
    tests cannot place ('Your e-mails', 'jump to post', 'Gallery:'). Or a short sentence
    between paragraphs that shares none of the story's words and that the model reads as
    chrome as surely (``is_stray_sentence``): a reader's comment or an appeal ('Congrats on
    your first month!', 'Nice one, followed you.')."""
    for index, line in enumerate(ctx.lines):
        if is_stray_address(ctx, index):
            yield finding(line, "stray-line", "structure.stray-address", MEDIUM,
                          "a line speaking to the reader or as the site, sharing no word with "
                          "the story (a comment, an appeal, a form's label)")  # fmt: skip
            continue
        if is_stray_question(ctx, index):
            yield finding(line, "stray-line", "structure.stray-question", MEDIUM,
                          "a question sharing no word with the story (a reader prompt, a "
                          "poll or another story's headline)")  # fmt: skip
            continue
        if is_stray_passage(ctx, index) and model_reads_junk_at(ctx, index, PASSAGE_PROBABILITY):
            yield finding(line, "stray-line", "structure.stray-passage", MEDIUM,
                          "a line sharing not one word with the story that the line model "
                          "reads as more likely chrome than clean prose")  # fmt: skip
            continue
        sentence = is_stray_sentence(ctx, index)
        if not (sentence or could_be_stray(ctx, index)):
            if is_inner_fragment(ctx, index) and model_reads_junk_at(
                ctx, index, FRAGMENT_PROBABILITY
            ):
                yield finding(line, "stray-line", "structure.model-fragment", MEDIUM,
                              "a line between the story's paragraphs that is no part of its "
                              "prose and reads as chrome to the line model, whatever words it "
                              "shares")  # fmt: skip
            continue
        if is_bare_label(ctx, index) and model_reads_junk_at(ctx, index, LABEL_PROBABILITY):
            yield finding(line, "stray-line", "structure.model-stray", MEDIUM,
                          "a short label sharing not one word with the story that the line "
                          "model reads as more likely chrome than story")  # fmt: skip
            continue
        if model_reads_junk(ctx, index, MODEL_STRAY_PROBABILITY):
            what = "a short sentence sharing no word with the story" if sentence else (
                "a line that is no part of the story's prose")  # fmt: skip
            yield finding(line, "stray-line", "structure.model-stray", MEDIUM,
                          f"{what} and reads as chrome to the line model")  # fmt: skip


def is_inner_fragment(ctx: Context, index: int) -> bool:
    """A line between two body lines that is no prose and no piece of a sentence split across
    lines (neither continuing the line above nor continued below), no list or table row, no
    label heading a list, no credit: a label, a teaser or a widget's line, or a sub-heading."""
    text = ctx.lines[index].text.strip()
    if not 0 < index < len(ctx.lines) - 1 or ctx.prose[index]:
        return False
    if not any(c.isalpha() for c in text):
        return False
    return stands_whole(ctx, index) and not (heads_a_list(ctx, index) or is_credit(text))


def stands_whole(ctx: Context, index: int) -> bool:
    """The line is no piece of a sentence split across lines (``is_broken_sentence``, nor
    continued below) and no row of a list or table: it stands whole on its own."""
    return not (
        is_broken_sentence(ctx, index)
        or continued_below(ctx, index)
        or in_list_or_table(ctx, index)
    )


def is_broken_sentence(ctx: Context, index: int) -> bool:
    """A piece of a sentence an extractor split at a link: the line continues the one above,
    breaks off on a connective or a comma ('In 1987, the'), or holds a sentence's end and the
    next one's start ('... the blame. Party leader')."""
    text = ctx.lines[index].text.strip()
    return (
        continues_sentence(ctx, index)
        or dangling_end(text)
        or bool(INNER_SENTENCE_BREAK.search(text))
    )


def is_lone_off_topic(ctx: Context, index: int, text: str) -> bool:
    """A line standing whole on its own (neither continuing the sentence above nor continued
    below), in no list or table, in the story's language, with content words of which not one
    is the story's: what a stray address and a stray question share once their shape holds."""
    return not (
        continues_sentence(ctx, index)
        or continued_below(ctx, index)
        or in_list_or_table(ctx, index)
        or not content_stems(text)
        or shares_any_word(ctx, index)
        or is_foreign(ctx, text)
    )


def is_stray_address(ctx: Context, index: int) -> bool:
    """A line of at most TEASER_MAX_WORDS words that says 'you', 'we' or 'me' outside a quote
    and shares not one content word with a body of at least STRAY_SENTENCE_MIN_LINES lines:
    the site or a reader speaking ('Notify me when new comments are added.', 'Nice one,
    followed you.', 'Your email address:'). A story speaks of its people in the third person
    and quotes their words; a line introducing the story's own list ('Here are ten of my
    favorites:') is spared."""
    text = ctx.lines[index].text.strip()
    if len(ctx.lines) < STRAY_SENTENCE_MIN_LINES or word_count(text) > TEASER_MAX_WORDS:
        return False
    if has_quote(text) or not ADDRESS_WORDS.search(text):
        return False
    if text.endswith(":") and word_count(text) > LABEL_MAX_WORDS:
        return False
    return is_lone_off_topic(ctx, index, text)


def is_bare_label(ctx: Context, index: int) -> bool:
    """A label of at most LABEL_MAX_WORDS words sharing not one content word with the rest of
    the body, between two of its lines: a widget's or a menu's word ('Blogs:', 'Photo
    credits', 'The Australian'). A sub-heading that short usually echoes its section
    ('Nuclear talks', 'Meat scandal')."""
    if not 0 < index < len(ctx.lines) - 1:
        return False  # the body's edges have their own tests (``detect_stray_ends``)
    return word_count(ctx.lines[index].text) <= LABEL_MAX_WORDS and not shares_any_word(ctx, index)


def is_stray_sentence(ctx: Context, index: int) -> bool:
    """A sentence of at most STRAY_SENTENCE_MAX_WORDS words in a body of at least
    STRAY_SENTENCE_MIN_LINES lines, whole on its line (not continuing the line above nor
    continued below), in no list, and sharing (almost) none of the story's words. Clean bodies
    hold such lines too ('The reasons are myriad.'), so the line model must agree
    (``detect_model_strays``)."""
    text = ctx.lines[index].text.strip()
    if len(ctx.lines) < STRAY_SENTENCE_MIN_LINES or word_count(text) > STRAY_SENTENCE_MAX_WORDS:
        return False
    if not ends_like_sentence(text) or not content_stems(text):
        return False
    return not (
        continues_sentence(ctx, index)
        or continued_below(ctx, index)
        or in_list_or_table(ctx, index)
        or shares_topic(ctx, index)
    )


def is_stray_question(ctx: Context, index: int) -> bool:
    """A question of QUESTION_MIN_WORDS to TEASER_MAX_WORDS words (any length at the body's
    edge), whole on its line and in no list or
    quote, that shares not one content word with the rest of a body of at least
    STRAY_SENTENCE_MIN_LINES lines: a story's own questions ask about its subject."""
    text = ctx.lines[index].text.strip()
    if len(ctx.lines) < STRAY_SENTENCE_MIN_LINES or not text.endswith("?"):
        return False
    count, edge = word_count(text), index in (0, len(ctx.lines) - 1)
    if count > TEASER_MAX_WORDS or text[:1] in QUOTE_OPENERS:
        return False
    if count < QUESTION_MIN_WORDS and not edge:
        return False  # a short question between paragraphs heads a section ('Panic over?')
    return is_lone_off_topic(ctx, index, text)


def is_stray_passage(ctx: Context, index: int) -> bool:
    """A line of PASSAGE_MIN_WORDS to PASSAGE_MAX_WORDS words, whole on its line, in no list,
    no credit, sharing not one content word with the rest of a body of at least
    PASSAGE_BODY_MIN_LINES lines: a piece of another page (a notice, another story's
    summary, a reader's comment). A story's own paragraphs of that length name its people,
    places or subject at least once."""
    text = ctx.lines[index].text.strip()
    if len(ctx.lines) < PASSAGE_BODY_MIN_LINES:
        return False
    if not PASSAGE_MIN_WORDS <= word_count(text) <= PASSAGE_MAX_WORDS:
        return False
    return not (
        continues_sentence(ctx, index)
        or continued_below(ctx, index)
        or in_list_or_table(ctx, index)
        or is_credit(text)
        or dangling_end(text)  # a sentence broken off: ``detect_cut_mid_sentence``
        or not content_stems(text)
        or shares_any_word(ctx, index)
        or is_foreign(ctx, text)
    )


def is_foreign(ctx: Context, text: str) -> bool:
    """The line is in another language than the body: ``detect_foreign_lines`` names it."""
    return line_language(text) not in (None, body_language(ctx))


def could_be_stray(ctx: Context, index: int) -> bool:
    """Neither prose, nor a sentence or a piece of one, nor a list row, a dateline or a
    credit, and sharing none of the story's words: a line that echoes the story may be a
    sub-heading, which docs/body.md keeps when prose follows it (and the line model, reading a
    short story with one sub-heading, often takes it for chrome)."""
    text = ctx.lines[index].text.strip()
    if ctx.prose[index] or ends_like_sentence(text) or not any(c.isalpha() for c in text):
        return False
    return stands_whole(ctx, index) and not (
        (index == 0 and is_dateline_any_dash(text))  # a dateline opens the story only
        or is_credit(text)
        or shares_topic(ctx, index)
    )


def detect_off_story_edges(ctx: Context) -> Iterator[Finding]:
    """A first or last line whose words the rest of the story hardly uses: another story's
    paragraph or headline, a comment or a notice at the body's edge. A lede names what the
    story is about, so most stories' other lines come back to its words (LEDE_REACH_MIN); a
    closing line is held to a lower share (CLOSE_REACH_MIN)."""
    if len(ctx.lines) < REACH_MIN_LINES:
        return
    if len(paragraph_stems(ctx, 0)) < REACH_MIN_PARAGRAPHS:
        return
    if is_off_story_lede(ctx):
        yield finding(ctx.lines[0], "off-topic-line", "structure.off-story-lede", MEDIUM,
                      "the first line shares its words with few of the story's lines "
                      "(another story's lede, a notice or a comment)")  # fmt: skip
    if is_off_story_close(ctx):
        yield finding(ctx.lines[-1], "off-topic-line", "structure.off-story-close", MEDIUM,
                      "the last line shares its words with almost none of the story's lines "
                      "(another story's paragraph, a notice or a comment)")  # fmt: skip


def is_off_story_lede(ctx: Context) -> bool:
    """The first line, no dateline, credit or quote, holds REACH_MIN_STEMS content words and
    shares one with under LEDE_REACH_MIN of the other lines, or is a whole sentence sharing
    not one ('Congrats on your first month!', 'View the discussion thread.')."""
    text = ctx.lines[0].text
    if is_dateline_any_dash(text) or is_credit(text) or has_quote(text):
        return False
    if ends_like_sentence(text) and content_stems(text) and not shares_any_word(ctx, 0):
        return True
    return topic_reach(ctx, 0) < LEDE_REACH_MIN


def is_off_story_close(ctx: Context) -> bool:
    """The last line, no credit, list item, quote or piece of a sentence, holds
    REACH_MIN_STEMS content words and shares one with under CLOSE_REACH_MIN of the other
    lines, or under CLOSE_TEASER_REACH_MIN when it is a headline-length line with no closing
    mark (another story's teaser: 'Obama sets out plan for nuclear-free world')."""
    index = len(ctx.lines) - 1
    text = ctx.lines[index].text
    if is_credit(text) or list_shape(text) or in_list_or_table(ctx, index):
        return False
    if has_quote(text) or continues_sentence(ctx, index) or dangling_end(text):
        return False
    teaser = PASSAGE_MIN_WORDS <= word_count(text) <= TEASER_MAX_WORDS
    if teaser and not ends_on_closing_mark(text):
        return topic_reach(ctx, index) < CLOSE_TEASER_REACH_MIN
    return topic_reach(ctx, index) < CLOSE_REACH_MIN


def has_quote(text: str) -> bool:
    """A line holding a quote gives someone's words, which need not echo the story's."""
    return any(mark in text for mark in QUOTE_MARKS)


def topic_reach(ctx: Context, index: int) -> float:
    """The share of the body's other paragraphs (``paragraph_stems``) that share a content
    word with line ``index`` (1.0, not judged, for a line of fewer than REACH_MIN_STEMS
    content words)."""
    mine = content_stems(ctx.lines[index].text)
    if len(mine) < REACH_MIN_STEMS:
        return 1.0
    others = paragraph_stems(ctx, index)
    return sum(not mine.isdisjoint(stems) for stems in others) / len(others)


def paragraph_stems(ctx: Context, index: int) -> list[frozenset[str]]:
    """The content words of each prose line but ``index``, list and table rows aside (a
    list's rows name their own items)."""
    return [
        content_stems(line.text)
        for i, line in enumerate(ctx.lines)
        if i != index and ctx.prose[i] and not in_list_or_table(ctx, i)
    ]


def detect_foreign_lines(ctx: Context) -> Iterator[Finding]:
    """A line in another language than the story: a widget or prompt of the site's own
    language left in a story of another ('Ist dieser Beitrag hilfreich?' in an English story,
    'Share this article' in a German one). A story quotes a foreign phrase inside its own
    sentences, so a line counts as foreign only when its own function words are mostly of
    another language."""
    body = body_language(ctx)
    if body is None:
        return
    for line in ctx.lines:
        markers = language_markers(line.text)
        if not markers or markers.count(body) * 2 > len(markers):
            continue  # the body's language holds most of the line's markers: not foreign
        found = line_language(line.text)
        if found is not None and found != body:
            yield finding(
                line,
                "foreign-line",
                "structure.foreign",
                MEDIUM,
                f"a line in another language ({found}) than the story ({body})",
            )


def body_language(ctx: Context) -> str | None:
    """The language most of the body's function words belong to, when there are enough."""
    counts = Counter(language for line in ctx.lines for language in language_markers(line.text))
    if counts.total() < BODY_LANGUAGE_MIN_MARKERS:
        return None
    return max(counts, key=lambda language: counts[language])


def line_language(text: str) -> str | None:
    """The language whose function words the line holds more of than of any other, when it
    holds FOREIGN_MIN_MARKERS different ones, or one in lower case and none of another."""
    counts = Counter(language_markers(text))
    if not counts:
        return None
    best = max(counts, key=lambda language: counts[language])
    if any(counts[best] <= n for language, n in counts.items() if language != best):
        return None
    distinct = {word for word in words_lower(text) if LANGUAGE_OF_WORD.get(word) == best}
    lone = len(counts) == 1 and any(
        w in LANGUAGE_OF_WORD and w[0].islower()
        for w in (w.strip(WORD_EDGE_MARKS) for w in line_words(text))
    )
    return best if len(distinct) >= FOREIGN_MIN_MARKERS or lone else None


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def language_markers(text: str) -> tuple[str, ...]:
    """The language of each function word of the line, in order."""
    return tuple(filter(None, map(LANGUAGE_OF_WORD.get, words_lower(text))))


def words_lower(text: str) -> list[str]:
    """The line's words in lower case without edge apostrophes, dots and hyphens (C-level
    ``map``: a comprehension's per-word calls cost more than the work)."""
    found = line_words(text)
    return list(map(str.strip, map(str.lower, found), repeat(WORD_EDGE_MARKS, len(found))))


def model_reads_junk_at(ctx: Context, index: int, probability: float) -> bool:
    """Whether the line model's "cleaned" head gives body line ``index`` at least
    ``probability`` of being junk. The scores are kept in ``ctx.line_scores``, where the
    verdict's estimates find them for a bare text."""
    from cleaner.linemodel import junk_probabilities  # the model loads on first use
    from cleaner.validate.residual import junk_named  # residual reads this module

    texts = [line.text for line in ctx.lines]
    return junk_probabilities(texts, "cleaned", junk_named, ctx.line_scores)[index] >= probability


def model_reads_junk(ctx: Context, index: int, floor: float = 0.0) -> bool:
    """Whether the line model's "cleaned" head (trained to pick the stray lines of a cleaned
    body) gives body line ``index`` at least STRAY_MODEL_PROBABILITY (or ``floor``, when
    higher) of being junk (``model_reads_junk_at``)."""
    return model_reads_junk_at(ctx, index, max(floor, STRAY_MODEL_PROBABILITY))


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def is_credit(text: str) -> bool:
    """Whether ``CREDIT`` names the line; remembered per line text (11 searches a document)."""
    return bool(CREDIT.search(text))


def heads_a_list(ctx: Context, index: int) -> bool:
    """A label followed by unpunctuated lines heads a list (highlights, specifications)."""
    following = ctx.lines[index + 1 : index + 1 + LIST_HEAD_FOLLOWERS]
    return len(following) == LIST_HEAD_FOLLOWERS and not any(
        ends_like_sentence(x.text) for x in following
    )


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def content_stems(text: str) -> frozenset[str]:
    """Lower-cased word stems of 3+ letters that are not function words."""
    return frozenset(filter(None, map(content_stem, line_words(text))))


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def content_stem(word: str) -> str | None:
    """A crude stem ('missiles' -> 'missil'), or None for a function word or a short one."""
    low = word.lower().strip(WORD_EDGE_MARKS)
    if len(low) < STEM_MIN_CHARS or not low[0].isalpha() or low in STOP_WORDS:
        return None
    for suffix in ("'s", "’s", "ies", "es", "s", "ing", "ed"):
        if low.endswith(suffix) and len(low) - len(suffix) >= STEM_MIN_ROOT:
            return low[: -len(suffix)]
    return low
