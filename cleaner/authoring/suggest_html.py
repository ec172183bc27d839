"""Draft the ``[html]`` table of a site rule file from HTML pages of the site.

Elements are named by stable class, id, ``itemprop`` or ``role`` selectors (``div.story-body``,
``span#byline``, ``h2[itemprop~=description]``; tokens with many digits are generated per page
and left out). The ``body`` selectors are the tightest containers that hold the page's story
text (prose lines found on that page only), chosen greedily so that one selector per template
era covers the pages (an era one draft page shows gets a container no other page names; an era
whose story stands among template boxes in one element gets the unnamed story blocks right
inside that element, ``form#PageForm > *``);
``strip`` selectors name elements inside the body that recur across pages and never hold story
text (or that the generic pass prunes, or boxes of links, from one page), and are written
inside the body containers (a page no body matches keeps the generic pass's reading); a strip
whose box closes the story on the draft pages also takes every box after it in the body (a
cut, ``choose_cuts``); ``title`` selectors name headings whose text is in the page's own
``<title>``; a deck (the element that shows the page's meta description, or a line or two
of story prose right above the body; a heading with no name of its own named by its parent,
``div.story > h2``) outside the body is read with it. The line rules of
the draft are then drafted (``cleaner.authoring.suggest``) from the text the drafted directives
keep, or the generic pass's text where no body matches. Markup is never matched as text.

Suggest checks its draft on the pages it was made from (the self-check): a body selector
whose pages score below the generic pass there, and a strip selector that takes story words,
are left out, so a draft does not make its own pages read worse than no site rules.
"""

from __future__ import annotations

import copy
import html as html_escape
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex
from lxml import etree

from cleaner.authoring.page_check import STORY_JUNK_MAX, SURE_STORY_MIN_WORDS, plain
from cleaner.authoring.suggest import (
    MIN_PAGES,
    Corpus,
    DraftParts,
    line_rules,
    toml_list,
    toml_string,
)
from cleaner.authoring.suggest import (
    text_corpus as suggest_text_corpus,
)
from cleaner.dates import is_timestamp
from cleaner.html.directives import HtmlDirectives
from cleaner.html.extract import find_body
from cleaner.html.lines import BLOCK_TAGS, element_lines
from cleaner.html.parse import PageError, parse_html
from cleaner.html.prune import outermost, prune
from cleaner.linemodel import junk_probabilities
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import RuleFile
from cleaner.text import is_prose, normalize, squash_whitespace, word_count, words

STORY_MIN_WORDS = 4
"""Shorter lines ('Enlarge', 'Share') are found inside any story text by chance."""
STABLE_TOKEN = regex.compile(r"^[A-Za-z_][A-Za-z_-]*\d{0,2}[A-Za-z_-]*$")
"""A class or id a template keeps from page to page; 'post-48213' or 'x7f3a9c' are per page."""
MAX_TOKEN_CHARS = 40
LAYOUT_TOKENS = frozenset(
    [
        "clearfix",
        "cf",
        "group",
        "row",
        "container",
        "wrapper",
        "inner",
        "outer",
        "left",
        "right",
        "column",
        "col",
        "clear",
        "fl",
        "fr",
    ]
)
"""Class names every template puts on many unrelated boxes: they name no element."""
BODY_MIN_RECALL = 0.7
"""A body container holds at least this share of its page's story characters."""
BODY_F1_TOLERANCES = (0.02, 0.05)
"""...and scores within this much of the best container of that page (story-character F1):
a wider box that also holds the page's story, but more besides, is not proposed. The tighter
tolerance is tried first; pages no selector covers then take the looser one, as the best
"container" of a page is sometimes the story's paragraphs themselves (``p.clay-paragraph``,
which no other page of its era names the same way) and the box around them falls just short."""
BODY_MIN_F1 = 0.9
"""A container that holds much besides the story (menus, lists of other stories) does worse
than the extractor, which prunes those itself: then no body selector is proposed."""
SINGLE_PAGE_MIN_F1 = 0.85
"""...or this, for a container named on one draft page only (``single_page_bodies``): on a
page of its own, the story's lines are the generic pass's guess alone, and a lede it shows
twice or a paragraph broken at every ``<br>`` into fragments too short to count as story
cost the container points that the self-check against the generic pass does not
(foxnews 2009's ``div.story-text``, 0.877)."""
ONE_PAGE = " (one page)"
"""How the draft's page counts and the guard name a body drafted from one page."""
BODY_BAD_RECALL = 0.5
"""A selector that matches a page but holds less than this share of its story is wrong there."""
MAX_BODY_SELECTORS = 6
SELF_CHECK_MIN_GAIN = 0.0
"""A drafted body must not lose to the generic pass on the draft pages it wins (summed
story-word F1 gain). A tie is kept: the selector then names the article explicitly, and on
the tune sites rejecting ties changed no mean F1 (it only shrank drafts). Allowing a small
loss (0.005 a page) let bodies through that bring back pruned asides on other pages
(arstechnica -0.006); capping each page's loss at 0.01 rejected bodies that win overall
(latimes -0.010)."""
SINGLE_PAGE_MIN_GAIN = 0.001
"""...but a body named on one draft page only (``single_page_bodies``) must beat the generic
pass there by more than a tie: no left-out page can check it, so a body that reads its one
page as the generic pass does has shown nothing and only risks the pages it was not made from.
wcxb-dev's nih.gov (tune): ``section.body`` of one PMC article, a tie on its page (0.0000),
kept the reference list another PMC article's gold leaves out (0.979 -> 0.796 there); the
one-page bodies that gain on big9's tune sites gain 0.004 (foxnews 2009's ``div.story-text``)
and 0.048 (nymag 2005's story cell)."""
MAX_STRIP_SELECTORS = 30
STRIP_LINK_SHARE = 0.5
"""An element whose text is mostly link text is a link list (related stories, tags)."""
STRIP_MAX_WORDS_PER_LINE = 12
STRIP_STORY_SHARE = 0.2
"""A strip candidate may hold this share of story-looking text (a teaser that the generic pass
also kept reads as story), but never this share of a page's story."""
NEVER_STRIPPED_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "b",
        "strong",
        "em",
        "i",
        "blockquote",
        "ul",
        "ol",
        "table",
        "html",
        "body",
    ]
)
"""Tags that carry story structure (paragraphs, sub-headings, lists) unless their text recurs."""
TITLE_MIN_WORDS = 3
TITLE_MIN_SHARE = 0.5
"""A headline is most of the <title> ('Headline | Site'); a logo or section name is not."""
TITLE_TAGS = frozenset(("h1", "h2", "div", "span", "td", "font", "b"))
TABLE_WRAP = {"td": ("<table><tr>", "</tr></table>"), "th": ("<table><tr>", "</tr></table>"),
              "tr": ("<table>", "</table>"), "li": ("<ul>", "</ul>")}  # fmt: skip
SAMPLE_CHARS = 80
LINKS_AND_ASIDES = (
    "self::ul[count(li) >= 2][not(li[not(a) or normalize-space(.) != normalize-space(a)])]"
    " or self::p[.//a and normalize-space(.) = normalize-space(.//a)]"
    " or self::figure or self::aside"
    " or self::*[self::div or self::section][ul]"
    "[not(*[not(self::h2 or self::h3 or self::h4 or self::h5 or self::ul)])]"
    "[not(.//li[not(.//a) or normalize-space(.) != normalize-space(.//a)])]"
)
"""Template boxes without a stable name (the first kind of ``UNNAMED_KINDS``): lists whose
every item is just a link (related stories, topics), paragraphs that are just a link ('Click
here for ...', a bolded ``mailto:`` link under the story), and boxes set beside a story of any
kind: figures, asides and a box of headings over lists of links only (a "More on this..." or
"Related stories" box). One part of a draft, so that a kind no draft page shows inside the
body goes with the kinds they do show: a photo on one page, an embedded tweet or a related box
on the next
(nymag 2017's ``aside.clay-tweet``, arstechnica 2009's ``div.related-stories``, foxnews
2017's ``section.mod-25`` below draft pages that show only link paragraphs). Proposed like
named selectors: only when found inside the body on enough pages, and each box it finds on a
draft page is judged on its own (``box_is_junk``). Embedded posts in a bare ``blockquote``
are left alone: a story about what people posted quotes them (latimes 2013's tweets are in
its gold)."""
SEPARATOR_MAX_CHARS = 3
"""Text of its own a box of links may hold between them: separators ('|', ' - ', '·')."""
LINK_BOX = (
    "self::*[self::div or self::section or self::footer or self::nav][count(.//a) >= 2]"
    f"[not(.//text()[string-length(normalize-space(.)) > {SEPARATOR_MAX_CHARS}]"
    "[not(ancestor::a)])]"
)
"""A box of two links or more and no text of its own beside them (separators aside): a row of
source links under the story (nymag 2017's ``footer.source-links``). Not any ``footer`` or
``nav``, which nymag 2017 sets around story text."""
ALT_MIN_CHARS = 20
"""An image's alt text this long describes the picture, as its caption does; a shorter one
names a logo or an icon ('Fox News', 'Play')."""
CAPTION_EXTRA_CHARS = 40
"""What a caption's box holds besides the repeated alt text: a credit ('(AP)') and an overlay
label ('Expand / Contract'), not a paragraph."""
ALT_REPEAT = (
    f"self::div[.//img[string-length(normalize-space(@alt)) >= {ALT_MIN_CHARS}]]"
    "[contains(normalize-space(.), normalize-space(.//img/@alt))]"
    "[string-length(normalize-space(.))"
    f" <= string-length(normalize-space(.//img/@alt)) + {CAPTION_EXTRA_CHARS}]"
)
"""A box whose text is an image's alt text repeated, with a few words besides (a caption, a
credit, "Expand / Contract": foxnews 2017's ``div.related`` photo box)."""
FORM_MAX_CHARS = 400
"""A form's own text is its fields' labels and buttons: nymag 2005's subscription form (13
fields, "Email: First Name: ... Bill me later") holds about 150 characters; a box of 400 or
more holds a paragraph, which a page might set inside a form of its own."""
FORM_FIELDS = (
    "self::form[.//textarea or .//select"
    " or .//input[not(@type='hidden' or @type='submit' or @type='button' or @type='image')]]"
    f"[string-length(normalize-space(.)) < {FORM_MAX_CHARS}]"
)
"""A form a reader fills in (a contact, sign-up or comment form, docs/body.md): fields to type
into or choose from, and little text. The form that wraps a whole page (ASP.NET's, with its
hidden fields) is never inside a story's box."""
UNNAMED_KINDS = {
    "(no name: link lists, figures, asides)": LINKS_AND_ASIDES,
    "(no name: boxes of links only)": LINK_BOX,
    "(no name: alt-text repeats)": ALT_REPEAT,
    "(no name: forms with fields)": FORM_FIELDS,
}
"""The kinds of boxes with no stable name, by the name the guard drops them by. They are
found and proposed as one strip selector (``STRUCTURAL_STRIP``), so that a kind no draft page
shows inside the body goes with the kinds they do show (a related box below draft pages that
show only link paragraphs); but each kind is a part of the draft of its own, which the guard
leaves out alone (``HtmlDraft.without``). As one part, a left-out cnn 2009 page that the new
kinds lowered made the guard drop every unnamed strip (cnn, held apart, 0.982 -> 0.981)."""
UNNAMED_PREFIX = "//*["
"""How an unnamed strip selector opens; a structural body names its box's tag."""


def unnamed_strip(kinds: Iterable[str]) -> str:
    """The strip selector of the unnamed boxes of these kinds (``UNNAMED_KINDS``)."""
    return UNNAMED_PREFIX + " or ".join(UNNAMED_KINDS[kind] for kind in kinds) + "]"


STRUCTURAL_STRIP = unnamed_strip(UNNAMED_KINDS)
"""Every kind of unnamed box, as one selector: what the drafter finds and proposes."""
UNNAMED_BY_SELECTOR = {
    unnamed_strip(kinds): kinds
    for size in range(1, len(UNNAMED_KINDS) + 1)
    for kinds in itertools.combinations(UNNAMED_KINDS, size)
}
"""Each unnamed strip selector a draft can hold, and the kinds it names."""
BARE_TAGS = frozenset(("figure", "figcaption", "aside", "nav", "form", "noembed", "noscript"))
"""Tags that name a box by themselves (an image with its caption, a pull quote or aside, a
menu, a form, what a browser shows in place of a plug-in or script: an ad's raw markup in a
latimes 2005 story): strip candidates with no class or id, never a body."""
DESCRIPTIONS = etree.XPath(
    "//meta[@name='description']/@content | //meta[@property='og:description']/@content"
)
DECK_MIN_WORDS = 4
"""A deck is a sentence; a shorter description is a section or site name."""
LEAD_MAX_LINES = 2
"""A deck above the story runs to a sentence or two; a box with more lines before the body
is a teaser list or the story's other half."""
CAPTION_LEVELS = 3
CAPTION_MAX_WORDS = 60
"""A caption sits within a few levels of its image and runs to a sentence or two and a credit."""
DECK_TAGS = ("h2", "h3", "h4")
"""Tags of a deck that has no name of its own: a heading under the headline (latimes 2013's
and foxnews 2009's decks are a bare ``h2`` in ``div.story`` and ``div.fxn-story-detail``).
Such a heading is named by its parent (``div.story > h2``) when it is the only one there."""
CHILD_SELECTOR = regex.compile(r"^(\S+) > (\w+)$")
"""``div.story > h2``: a deck named by its named parent (``DECK_TAGS``)."""
STORY_BLOCK_TAGS = ("p", "blockquote", "ul", "ol", "h3", "h4", "pre")
"""Tags of the story's own blocks, for a body that is the story's blocks rather than a box
around them (``PARAGRAPHS``)."""
PARAGRAPHS = " > *"
"""``form#PageForm > *``: the unnamed story blocks (``STORY_BLOCK_TAGS``, no class or id) right
inside a named element, as one body. Old table and form templates set the story's paragraphs
among the page's template boxes in one element (arstechnica 2005's ``form#PageForm``, nymag
2005's table cells), where no box holds the story alone. Tried only for pages no container
covers (``paragraph_bodies``)."""
PARAGRAPHS_MIN_BLOCKS = 2
"""A story is more than one paragraph; a lone unnamed ``p`` under a named box is a caption
or a note."""
SIMPLE_SELECTOR = regex.compile(r"^(\w+)(?:([.#])([\w-]+)|\[(\w+)~=([\w-]+)\])$")
"""``tag.class``, ``tag#id`` or ``tag[attribute~=value]``: one element name of a draft."""
CONTAINER_TAGS = frozenset(("td", "div", "font", "span", "center", "section", "article"))
"""Tags of a story's box when it has no name of its own (``structural_names``): old table
templates hold the story in a bare table cell."""
STRUCTURAL_MIN_F1 = 0.8
"""An unnamed box is named (``structural_names``) only when it holds the page's story about
this tightly: the body checks (``BODY_MIN_F1``) then judge it with its template boxes out."""
NAMING_ATTRIBUTES = ("itemprop", "role")
"""Attributes besides class and id that name an element the same way on every page of a
template: schema.org's microdata (``h2[itemprop~=description]``, arstechnica 2017's deck,
which has neither class nor id; ``div[itemprop~=articleBody]``) and ARIA roles."""


HEADLINE_MIN_WORDS = 2
"""A section label ('Feature') is one word; a headline is more."""
SKELETON_ATTRIBUTES = frozenset(("id", "class", *NAMING_ATTRIBUTES))
"""What a structural body's example keeps of each box on the way to it (``skeleton``)."""


def stable_selectors(element: etree._Element) -> list[str]:
    """``tag#id``, ``tag.class`` and ``tag[itemprop~=name]`` names of an element whose tokens
    look stable."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag or not tag.isalnum():
        return []
    found = []
    element_id = (element.get("id") or "").strip()
    if element_id and len(element_id) <= MAX_TOKEN_CHARS and STABLE_TOKEN.match(element_id):
        found.append(f"{tag}#{element_id}")
    for token in (element.get("class") or "").split():
        if (
            len(token) <= MAX_TOKEN_CHARS
            and STABLE_TOKEN.match(token)
            and token.lower() not in LAYOUT_TOKENS
        ):
            found.append(f"{tag}.{token}")
    for attribute in NAMING_ATTRIBUTES:
        for token in (element.get(attribute) or "").split():
            if len(token) <= MAX_TOKEN_CHARS and STABLE_TOKEN.match(token):
                found.append(f"{tag}[{attribute}~={token}]")
    return found


def tag_of(selector: str) -> str:
    """The tag a draft's selector names (``div.x`` -> "div"); "" for a structural XPath."""
    found = regex.match(r"\w+", selector)
    return found.group() if found else ""


def named_parts(selector: str) -> tuple[str, str, str]:
    """(tag, attribute, name) of a simple selector: ``div.x`` -> ("div", "class", "x")."""
    tag, mark, name, attribute, value = SIMPLE_SELECTOR.match(selector).groups()
    if mark:
        return tag, "class" if mark == "." else "id", name
    return tag, attribute, value


@dataclass
class Page:
    """One parsed page, its elements by selector, and its story lines."""

    tree: object
    title: str
    by_selector: dict[str, list] = field(default_factory=dict)
    story: set[str] = field(default_factory=set)
    story_chars: int = 0
    generic: str = ""
    """The text the generic pass (no site rules) keeps, one paragraph a line: what a draft
    must beat, and what line rules run on where no body selector matches."""
    generic_key: str = ""
    """The generic text normalised into one string, to look lines up in."""
    headline: str = ""
    """The title the generic pass finds: counted with the story when drafts are checked."""
    deck: str = ""
    """The page's meta description where an element shows it word for word: the deck."""
    deck_selectors: list[str] = field(default_factory=list)
    captions: set[str] = field(default_factory=set)
    """Normalised lines of the page's image captions (``caption_lines``)."""
    headings: dict[str, list] = field(default_factory=dict)
    """Headings with no name of their own, by their parent's name (``div.story > h2``):
    deck candidates only (``lead_selectors``), never a body or a strip."""

    def elements(self, selector: str) -> list:
        """The elements a selector of the draft finds on this page."""
        return self.by_selector.get(selector) or self.headings.get(selector, [])

    def deck_candidates(self) -> list[tuple[str, list]]:
        """The elements a deck can be, by selector: those of an element name of their own
        (``SIMPLE_SELECTOR``) and the headings named by their parent."""
        named = [(s, e) for s, e in self.by_selector.items() if SIMPLE_SELECTOR.match(s)]
        return [*named, *self.headings.items()]


@dataclass
class Measure:
    """What the elements one selector matches on one page hold."""

    chars: int
    story_chars: int
    link_share: float
    texts: list[str]

    def recall(self, page: Page) -> float:
        return self.story_chars / page.story_chars if page.story_chars else 0.0

    def f1(self, page: Page) -> float:
        recall = self.recall(page)
        precision = self.story_chars / self.chars if self.chars else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def page_title(tree: etree._Element) -> str:
    values = tree.xpath("//meta[@property='og:title']/@content") or tree.xpath("//title/text()")
    return normalize(" ".join(str(v) for v in values))


def find_deck(page: Page) -> None:
    """The element that shows the page's meta description word for word: a deck (standfirst)
    written for the page, story text the generic pass often leaves out."""
    for value in DESCRIPTIONS(page.tree):
        description = normalize(str(value))
        if word_count(description) < DECK_MIN_WORDS or description in page.title:
            continue
        page.deck_selectors = [
            selector
            for selector, elements in page.deck_candidates()
            if any(normalize(e.text_content()) == description for e in elements)
        ]
        if page.deck_selectors:
            page.deck = description
            return


def parse_pages(htmls: list[str]) -> tuple[list[Page], list[str]]:
    """The pages that parse, and their sources."""
    pages, sources = [], []
    for source in htmls:
        try:
            tree = parse_html(source)
        except PageError:
            continue
        page = Page(tree, page_title(tree))
        for element in tree.iter():
            names = stable_selectors(element)
            for selector in names:
                page.by_selector.setdefault(selector, []).append(element)
            if element.tag in BARE_TAGS:
                page.by_selector.setdefault(element.tag, []).append(element)
            if element.tag in DECK_TAGS and not names:
                parent = element.getparent()
                for named in stable_selectors(parent) if parent is not None else ():
                    page.headings.setdefault(f"{named} > {element.tag}", []).append(element)
            blocks = story_blocks(element) if names else []
            if len(blocks) >= PARAGRAPHS_MIN_BLOCKS:
                for named in names:
                    page.by_selector[named + PARAGRAPHS] = blocks
        found = tree.xpath(STRUCTURAL_STRIP)
        if found:
            page.by_selector[STRUCTURAL_STRIP] = found
        find_deck(page)
        pages.append(page)
        sources.append(source)
    return pages, sources


def story_blocks(element: etree._Element) -> list:
    """The unnamed paragraphs, quotes, lists and sub-headings right inside an element."""
    return [
        child
        for child in element
        if child.tag in STORY_BLOCK_TAGS and not child.get("class") and not child.get("id")
    ]


def is_paragraphs(selector: str) -> bool:
    """Whether a draft's selector names a body of story blocks (``PARAGRAPHS``)."""
    return selector.endswith(PARAGRAPHS)


def is_structural(selector: str) -> bool:
    """Whether a draft's selector names a body by its place in the tree (``structural_names``)."""
    return selector.startswith("/") and selector not in UNNAMED_BY_SELECTOR


def structural_names(element: etree._Element, title: str = "") -> list[str]:
    """XPath names of a box with no class, id or attribute name of its own, by its named
    child that shows the page's headline (nymag 2005's story cell,
    ``//td[div[...' ptitle '...]]``): the story's box holds its headline, while a deck's or a
    section label's name is also on the teasers of other stories (nymag 2005's
    ``div.pdeck``), or by the named headline right above it (``headline_above_names``). A
    box with neither gets no name.

    Weaker names were tried on the tune sites and left out: a cell's layout attributes
    (``//td[@width='415'][@valign='top']``) or its path of positions from the nearest named
    ancestor name cells of other template eras too (one site's 2005 and 2009 story cells
    share a width), and the guard, leaving a page of the other era out, then drops that
    era's named body with the weak one."""
    headlines = [
        child
        for child in element
        if isinstance(child.tag, str) and shows_headline(normalize(child.text_content()), title)
    ]
    return [
        f"//{element.tag}[{absolute_xpath(name).removeprefix('//')}]"
        for child in headlines
        for name in stable_selectors(child)
        if SIMPLE_SELECTOR.match(name)
    ] + headline_above_names(element, title)


def headline_above_names(element: etree._Element, title: str) -> list[str]:
    """XPath names of an unnamed box by the named headline right above it: in the element
    just before the box, or just before the box's parent, the row above its cell (bbc 2005
    sets the headline, ``div.mxb``, in a table row of its own over the story's bare cell:
    ``//tr[preceding-sibling::*[1][descendant-or-self::div[...' mxb '...]]]/td[1]``). The box
    is its parent's first child of its tag that has no class or id, so the name finds no
    named box of another template era in the same place (bbc 2009's ``td.storybody``), nor
    the other cells of the row (a column of links beside the story)."""
    parent = element.getparent()
    if parent is None:
        return []
    unnamed = "[not(@class) and not(@id)]"
    first = next(c for c in parent if c.tag == element.tag) is element
    names = []
    for box, step in ((element, ""), (parent, f"/{element.tag}[1]{unnamed}")):
        if step and not first:
            continue
        before = element_before(box)
        if before is None or not isinstance(box.tag, str):
            continue
        own = unnamed if not step else ""
        for named in before.iter():
            if not shows_headline(normalize(named.text_content()), title):
                continue
            for name in stable_selectors(named):
                if SIMPLE_SELECTOR.match(name):
                    above = absolute_xpath(name).removeprefix("//")
                    names.append(
                        f"//{box.tag}{own}[preceding-sibling::*[1][descendant-or-self::{above}]]"
                        + step
                    )
    return names


def element_before(element: etree._Element) -> etree._Element | None:
    """The element right before this one among its siblings (comments skipped)."""
    return next((e for e in element.itersiblings(preceding=True) if isinstance(e.tag, str)), None)


def shows_headline(text: str, title: str) -> bool:
    """The page's <title> holds the text, of a headline's length: the title may add a deck
    to it ('Breakup at Tiffany's - Busting a cheating spouse ...'). Compared word by word, as
    the two may write an apostrophe differently."""
    folded = " ".join(regex.findall(r"\w+", text.casefold()))
    return word_count(text) >= HEADLINE_MIN_WORDS and folded in " ".join(
        regex.findall(r"\w+", title.casefold())
    )


def story_boxes(page: Page) -> Iterable[etree._Element]:
    """The unnamed boxes (``CONTAINER_TAGS``) that hold the page's story about as tightly as a
    body must (``STRUCTURAL_MIN_F1``)."""
    least = BODY_MIN_RECALL * page.story_chars
    for element in page.tree.iter(*CONTAINER_TAGS):
        if stable_selectors(element) or len(squash_whitespace(element.text_content())) < least:
            continue
        lines = element_lines(element)
        chars = sum(len(line) for line in lines)
        story = sum(len(line) for line in lines if plain(line) in page.story)
        recall, precision = story / page.story_chars, story / chars if chars else 0.0
        if recall >= BODY_MIN_RECALL and 2 * precision * recall >= STRUCTURAL_MIN_F1 * (
            precision + recall
        ):
            yield element


def add_structural_bodies(pages: list[Page], cache: dict) -> None:
    """Name the unnamed boxes that hold the story of the pages no named container or block
    body covers (``structural_names``), and record on every page what each name finds there:
    a name drafted from one page's box is judged by what it finds on all of them, and one
    that finds a box on a page a named body covers is not proposed: a name by place can name
    cells of other template eras too, and the guard, leaving a page of that era out, would
    drop that era's named body with it."""
    names: set[str] = set()
    tolerance = BODY_F1_TOLERANCES[-1]
    covered = [
        bool(good_bodies(page, cache, tolerance))
        or bool(good_bodies(page, cache, tolerance, blocks=True))
        for page in pages
    ]
    for page, done in zip(pages, covered, strict=True):
        if page.story_chars and not done:
            names.update(n for box in story_boxes(page) for n in structural_names(box, page.title))
    for name in sorted(names):
        try:
            find = etree.XPath(name)
        except etree.XPathError:
            continue
        found = [[e for e in find(page.tree) if isinstance(e, etree._Element)] for page in pages]
        if any(boxes and done for boxes, done in zip(found, covered, strict=True)):
            continue  # it names boxes of an era a named body covers
        for page, boxes in zip(pages, found, strict=True):
            if boxes:
                page.by_selector[name] = boxes


def mark_story(pages: list[Page], htmls: list[str]) -> Corpus:
    """Each page's story lines: in what the generic pass keeps (or long prose it missed),
    found on this page only, and body to the line model reading the page as a dump.

    The generic pass (no site rules) is the best guess of the story before any rule exists;
    a selector is then judged by how tightly it holds that text.
    """
    corpus = Corpus([element_lines(page.tree) for page in pages])
    for page, lines, source in zip(pages, corpus.pages, htmls, strict=True):
        page.headline, page.generic = generic_text(source)
        kept = page.generic_key = normalize(" ".join(page.generic.split("\n")))
        captions = page.captions = caption_lines(page.tree)
        junk = junk_probabilities(lines, "dump")  # the line model's weak label
        # a line shown twice on its page is a teaser of it (a video strip's summary), or a
        # pull quote: not the story's paragraph
        shown = Counter(normalize(line) for line in lines)
        # a line that is all one link's text is a teaser's headline or a link, not a paragraph
        # (latimes 2017: the headlines of other stories between the story's paragraphs)
        links = {normalize(a.text_content()) for a in page.tree.iter("a")}
        # a form's drop-down reads as one long line of other stories' headlines (bbc 2005's
        # "Select ..." list of links to more stories): a control's options are never story
        controls = {normalize(t) for box in page.tree.iter("select") for t in element_lines(box)}
        story = [
            line
            for line, chance in zip(lines, junk, strict=True)
            if chance < STORY_JUNK_MAX
            and shown[normalize(line)] == 1
            and normalize(line) not in links
            and normalize(line) not in controls
            and is_story_line(line, kept, corpus)
            and normalize(line) not in captions
            and not is_timestamp(line)  # a publication date is not body (docs/body.md)
            and (plain(line) != page.deck or plain(line) in kept)  # a deck is read apart
        ]
        page.story = {plain(line) for line in story}
        page.story_chars = sum(len(line) for line in story)
    return corpus


def caption_lines(tree: etree._Element) -> set[str]:
    """Normalised lines of image captions: the text of the smallest box around an image that
    holds text, when that text is short (docs/body.md: captions are not body)."""
    found = set()
    for image in tree.iter("img"):
        box = image.getparent()
        for _ in range(CAPTION_LEVELS):
            if box is None or normalize(box.text_content()):
                break
            box = box.getparent()
        if box is None:
            continue
        lines = element_lines(box)
        if sum(word_count(line) for line in lines) <= CAPTION_MAX_WORDS:
            found.update(normalize(line) for line in lines)
    return found


def generic_text(source: str) -> tuple[str, str]:
    """The title and text (one paragraph a line) the generic pass finds on a page."""
    from cleaner.pipeline import clean, default_rulebook

    generic = Rulebook(list(default_rulebook().generic))
    doc = clean(source, kind="html", rulebook=generic, validate=False)
    return doc.title or "", "\n".join(line for line in doc.text.split("\n") if line.strip())


def is_story_line(line: str, kept: str, corpus: Corpus) -> bool:
    """On this page only, and kept by the generic pass or long prose: a paragraph the generic
    pass missed (it reads some templates' stories in part) is still story, which a body
    selector that brings it back must be credited for."""
    if corpus.line_pages[normalize(line)] != 1 or word_count(line) < STORY_MIN_WORDS:
        return False
    return plain(line) in kept or (word_count(line) >= SURE_STORY_MIN_WORDS and is_prose(line))


def measure(page: Page, selector: str, cache: dict) -> Measure:
    key = (id(page), selector)
    if key not in cache:
        elements = outermost(page.by_selector[selector])
        texts = [line for e in elements for line in element_lines(e)]
        links = sum(len(squash_whitespace(a.text_content())) for e in elements
                    for a in e.iter("a"))  # fmt: skip
        chars = sum(len(t) for t in texts)
        story = sum(len(t) for t in texts if plain(t) in page.story)
        cache[key] = Measure(chars, story, links / chars if chars else 0.0, texts)
    return cache[key]


# --- body ----------------------------------------------------------------------------------


def body_measure(page: Page, selector: str, cache: dict) -> Measure:
    """What a body container holds once the boxes named by their tag alone (``figure``,
    ``aside``...) that hold little story are taken out: those are strip candidates of the
    draft, so a container is not judged by the photo captions and embedded teasers it holds
    (latimes 2017: ``div.trb_ar_page`` holds its story and a dozen ``aside`` embeds)."""
    key = (id(page), selector, "body")
    if key not in cache:
        found = measure(page, selector, cache)
        boxes = outermost([d for e in outermost(page.by_selector[selector])
                           for d in e.iterdescendants() if d.tag in BARE_TAGS])  # fmt: skip
        chars, story = found.chars, found.story_chars
        for box in boxes:
            lines = element_lines(box)
            box_chars = sum(len(t) for t in lines)
            box_story = sum(len(t) for t in lines if plain(t) in page.story)
            if box_story <= STRIP_STORY_SHARE * box_chars:
                chars, story = chars - box_chars, story - box_story
        cache[key] = Measure(chars, story, found.link_share, found.texts)
    return cache[key]


def good_bodies(
    page: Page,
    cache: dict,
    tolerance: float,
    floor: float = BODY_MIN_F1,
    blocks: bool = False,
    structural: bool = False,
) -> dict[str, float]:
    """Selectors that hold this page's story, with their F1, near the page's best: named
    containers, or with ``blocks`` bodies of story blocks (``PARAGRAPHS``), or with
    ``structural`` unnamed boxes named by their place (``structural_names``)."""
    scored = {}
    for selector in page.by_selector:
        if (
            selector in BARE_TAGS
            or is_cut(selector)
            or is_paragraphs(selector) != blocks
            or is_structural(selector) != structural
        ):
            continue
        found = body_measure(page, selector, cache)
        if found.story_chars and found.recall(page) >= BODY_MIN_RECALL:
            scored[selector] = found.f1(page)
    best = max(scored.values(), default=0.0)
    return {s: f for s, f in scored.items() if f >= max(best - tolerance, floor)}


def choose_bodies(
    pages: list[Page], cache: dict, banned: frozenset[str] = frozenset()
) -> list[tuple[str, int]]:
    """Body selectors in the order they are tried, each with the pages it covers: at the
    tight tolerance first, then at the loose one for the pages still open."""
    open_pages = {i for i, page in enumerate(pages) if page.story_chars}
    chosen: list[tuple[str, int]] = []
    for tolerance in BODY_F1_TOLERANCES:
        good = [{s: f for s, f in good_bodies(page, cache, tolerance).items() if s not in banned}
                for page in pages]  # fmt: skip
        chosen += greedy_cover(pages, good, open_pages, cache, MAX_BODY_SELECTORS - len(chosen))
    chosen = in_trial_order(chosen, pages, good)
    chosen += paragraph_bodies(pages, cache, open_pages, banned, MAX_BODY_SELECTORS - len(chosen))
    chosen += structural_bodies(pages, cache, open_pages, banned, MAX_BODY_SELECTORS - len(chosen))
    return (
        chosen
        + single_page_bodies(pages, cache, open_pages, banned)[: MAX_BODY_SELECTORS - len(chosen)]
    )


def paragraph_bodies(
    pages: list[Page], cache: dict, open_pages: set[int], banned: frozenset[str], room: int
) -> list[tuple[str, int]]:
    """For the pages no container covers, bodies of story blocks (``PARAGRAPHS``) named alike
    on ``MIN_PAGES`` or more of them; the pages they cover leave ``open_pages``."""
    tolerance = BODY_F1_TOLERANCES[-1]
    good = [{s: f for s, f in good_bodies(page, cache, tolerance, blocks=True).items()
             if s not in banned} for page in pages]  # fmt: skip
    return greedy_cover(pages, good, open_pages, cache, room)


def structural_bodies(
    pages: list[Page], cache: dict, open_pages: set[int], banned: frozenset[str], room: int
) -> list[tuple[str, int]]:
    """For the pages still open, unnamed boxes named by their place (``structural_names``)
    alike on ``MIN_PAGES`` or more of them; tried after every named body."""
    tolerance = BODY_F1_TOLERANCES[-1]
    good = [{s: f for s, f in good_bodies(page, cache, tolerance, structural=True).items()
             if s not in banned} for page in pages]  # fmt: skip
    return greedy_cover(pages, good, open_pages, cache, room)


def greedy_cover(
    pages: list[Page], good: list[dict], open_pages: set[int], cache: dict, room: int
) -> list[tuple[str, int]]:
    """Up to ``room`` selectors, each the one ``next_body`` picks for the pages still open,
    with the number of pages it covers; the pages covered leave ``open_pages``."""
    chosen: list[tuple[str, int]] = []
    while open_pages and len(chosen) < room:
        pick = next_body(pages, good, open_pages, cache)
        if pick is None:
            break
        covered = {i for i in open_pages if pick in good[i]}
        chosen.append((pick, len(covered)))
        open_pages -= covered
    return chosen


def single_page_bodies(
    pages: list[Page], cache: dict, open_pages: set[int], banned: frozenset[str]
) -> list[tuple[str, int]]:
    """For each page no selector covers, its best container named by a class, id or
    attribute no other draft page has: a template era the draft pages show once (foxnews
    2009's ``div.story-text``, one draft page of ten). Tried after every other body, and
    matching no other draft page, it reads only pages of that era; the self-check on its
    page then decides, as no left-out page can."""
    chosen = []
    for i in sorted(open_pages):
        others = [page for j, page in enumerate(pages) if j != i]
        good = good_bodies(pages[i], cache, BODY_F1_TOLERANCES[-1], SINGLE_PAGE_MIN_F1)
        if not good:  # a bare table cell: named by its place (``structural_names``)
            good = good_bodies(
                pages[i], cache, BODY_F1_TOLERANCES[-1], SINGLE_PAGE_MIN_F1, structural=True
            )
        own = sorted(
            (-f1, s)
            for s, f1 in good.items()
            if s not in banned
            and (SIMPLE_SELECTOR.match(s) or is_structural(s))
            and not any(s in page.by_selector for page in others)
        )
        if own:
            chosen.append((own[0][-1], 1))
    return chosen


def in_trial_order(
    chosen: list[tuple[str, int]], pages: list[Page], good: list[dict[str, float]]
) -> list[tuple[str, int]]:
    """The bodies ordered so that a page is read by a selector good on it: the first that
    matches a page wins, so a selector that also matches pages of another era, where it holds
    only part of the story, goes after the selector of that era."""

    def misses(selector: str) -> int:
        return sum(
            selector in p.by_selector and selector not in g
            for p, g in zip(pages, good, strict=True)
        )

    return sorted(chosen, key=lambda item: misses(item[0]))


def next_body(
    pages: list[Page], good: list[dict[str, float]], open_pages: set[int], cache: dict
) -> str | None:
    """The selector good on most open pages (best mean F1 on a tie) that is wrong on none."""
    candidates = Counter(s for i in sorted(open_pages) for s in good[i])
    ranked = sorted(candidates, key=lambda s: (-candidates[s], -mean_f1(s, good), s))
    return next((s for s in ranked if candidates[s] >= MIN_PAGES
                 and not wrong_anywhere(s, pages, open_pages, good, cache)), None)  # fmt: skip


def mean_f1(selector: str, good: list[dict[str, float]]) -> float:
    scores = [g[selector] for g in good if selector in g]
    return sum(scores) / len(scores)


def wrong_anywhere(
    selector: str,
    pages: list[Page],
    open_pages: Iterable[int],
    good: list[dict[str, float]],
    cache: dict,
) -> bool:
    """Would the selector win on an open page where it misses the story?"""
    for i in open_pages:
        page = pages[i]
        matched_badly = selector in page.by_selector and selector not in good[i]
        if matched_badly and body_measure(page, selector, cache).recall(page) < BODY_BAD_RECALL:
            return True
    return False


# --- strip and title -----------------------------------------------------------------------


def choose_strips(pages: list[Page], bodies: list[str], corpus: Corpus, cache: dict) -> list[str]:
    """Selectors of elements inside the body that recur and never hold story text."""
    inside: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    era: dict[str, str] = {}
    """The body each strip is first seen inside: the cap on strips is per body, so that
    one template's many boxes (forbes 2013's ``div#leftRail``) leave room for another's."""
    for page in pages:
        winner = next((b for b in bodies if b in page.by_selector), "")
        boxes = set(outermost(page.by_selector[winner])) if winner else set()
        seen = [  # in page order of selectors: the draft must not depend on hash order
            selector
            for selector, elements in page.by_selector.items()
            if not is_paragraphs(selector)
            and not is_structural(selector)
            and not is_cut(selector)  # found once the strips are chosen (choose_cuts)
            and any(any(a in boxes for a in e.iterancestors()) for e in elements)
        ]
        inside.update(seen)
        for selector in seen:
            era.setdefault(selector, winner)
            shown = {normalize(" ".join(measure(page, selector, cache).texts))}
            if selector.startswith("/"):  # each box of a structural selector on its own
                shown |= {normalize(" ".join(element_lines(box)))
                          for box in outermost(page.by_selector[selector])}  # fmt: skip
            texts.update(shown)
    chosen = []
    per_body: Counter[str] = Counter()
    for selector, count in inside.most_common():
        if per_body[era[selector]] >= MAX_STRIP_SELECTORS or is_anchor(selector, bodies):
            continue
        if count < corpus.needed(False) and not dropped_everywhere(selector, pages, cache):
            continue
        if strippable(selector, pages, texts, cache):
            chosen.append((selector, count))
            per_body[era[selector]] += 1
    return chosen


def is_anchor(selector: str, bodies: list[str]) -> bool:
    """Whether a structural body is named by the element the selector names (its headline,
    ``//td[div[...' ptitle '...]]``): stripped first, it would leave the body unfound."""
    if not SIMPLE_SELECTOR.match(selector):
        return False
    step = f"[{absolute_xpath(selector).removeprefix('//')}]"
    return any(is_structural(body) and step in body for body in bodies)


def dropped_everywhere(selector: str, pages: list[Page], cache: dict) -> bool:
    """The generic pass keeps no line of the selector's boxes on any page that has one, or
    the boxes are mostly links and hold no story: a box the generic pass prunes (a sidebar of
    further reading) or a box of links (forbes 2009's ``div#controlsbox``: "Article Controls",
    email, print, reprint) is stripped inside the body even when only one draft page shows it,
    as the body would otherwise bring back what no site rules drop, or keep a box of links
    (arstechnica's ``div.story-sidebar``, on one draft page of ten and three scored ones)."""
    shown = []
    for page in pages:
        if selector in page.by_selector:
            found = measure(page, selector, cache)
            if found.texts:
                shown.append((page, found))
    return bool(shown) and all(
        dropped_by_generic(page, found)
        or (found.link_share >= STRIP_LINK_SHARE and not found.story_chars)
        for page, found in shown
    )


def strippable(selector: str, pages: list[Page], texts: Counter, cache: dict) -> bool:
    """Whether the selector names junk on every page it matches: little or no story, and
    text that recurs, is short and not prose, or is mostly links. A structural selector
    names boxes of many kinds at once (a photo, an aside, a related box): each of its boxes
    is judged on its own (``box_is_junk``)."""
    tag = tag_of(selector)
    shown = False
    for page in pages:
        found = measure(page, selector, cache) if selector in page.by_selector else None
        if found is None or not found.texts:
            continue  # absent or empty here: says nothing either way
        shown = True
        if any(inside_running_text(e) for e in page.by_selector[selector]):
            return False
        if found.story_chars > STRIP_STORY_SHARE * found.chars:
            return False
        if page.story_chars and found.story_chars > STRIP_STORY_SHARE * page.story_chars:
            return False
        if selector.startswith("/"):
            boxes = outermost(page.by_selector[selector])
            if not all(box_is_junk(page, box, texts) for box in boxes):
                return False
            continue
        recurs = texts[normalize(" ".join(found.texts))] >= MIN_PAGES
        if tag in NEVER_STRIPPED_TAGS and not recurs:
            return False
        short = all(len(t.split()) <= STRIP_MAX_WORDS_PER_LINE and not is_prose(t)
                    for t in found.texts)  # fmt: skip
        linky = found.link_share >= STRIP_LINK_SHARE
        captioned = all(normalize(t) in page.captions for t in found.texts)  # docs/body.md
        if not (recurs or short or linky or captioned or dropped_by_generic(page, found)):
            return False
    return shown


def box_is_junk(page: Page, box: etree._Element, texts: Counter) -> bool:
    """One box of a structural selector holds no story and is short, mostly links, a
    caption (docs/body.md), recurring, or dropped by the generic pass."""
    lines = element_lines(box)
    if not lines:
        return True
    chars = sum(len(t) for t in lines)
    if sum(len(t) for t in lines if plain(t) in page.story) > STRIP_STORY_SHARE * chars:
        return False
    links = sum(len(squash_whitespace(a.text_content())) for a in box.iter("a"))
    return (
        all(len(t.split()) <= STRIP_MAX_WORDS_PER_LINE and not is_prose(t) for t in lines)
        or links >= STRIP_LINK_SHARE * chars
        or all(normalize(t) in page.captions for t in lines)
        or texts[normalize(" ".join(lines))] >= MIN_PAGES
        or not any(kept_by_generic(page, t) for t in lines)
    )


CUT_OPEN = "("
"""How a cut strip (``choose_cuts``) opens: it names its own body, and is written as it is."""


SIGN_UP = etree.XPath(f"boolean(descendant-or-self::*[{FORM_FIELDS}])")
"""A box that holds a form a reader fills in is a sign-up box (docs/body.md: newsletters,
sign-ups): its text, a paragraph of sales talk on one page of an era, reads as story to the
generic pass (nymag 2005's "New York Magazine brings you the best from the city ...")."""


def choose_cuts(
    pages: list[Page], bodies: list[tuple[str, int]], strips: list[tuple[str, int]]
) -> list[tuple[str, int]]:
    """Strips that take what follows a chosen strip's box to the end of the body: every
    child of the body after the child that holds the box, when on each draft page the body
    wins that shows the box that child comes after story and nothing from it on holds story.
    Old templates close the story's box with a row of template boxes of which one has a name
    (nymag 2005's story cell: a "Related Links" table with ``div.prelatedlinks``, then a
    subscription box and its form, neither named), as a rule file's ``cut-after`` line rule
    closes a text. The child that holds the box is left to the strip: on a page not seen it
    may hold the story too (a form around the page's last paragraphs and its share box). A
    body found as more than one box on a page has no one end (forbes 2005's paragraphs are
    each a ``span.mainarttxt``); the first cut of a body, in page order, is the one kept."""
    cuts = []
    read = DraftSelectors(bodies, [], [])
    for body, _ in bodies:
        if is_paragraphs(body):
            continue
        found: dict[str, int] = {}
        for strip, _ in strips:
            shown = cut_pages(pages, read, body, strip) if SIMPLE_SELECTOR.match(strip) else 0
            if shown:
                found[strip] = shown
        if found:
            strip = min(found, key=lambda s: (-found[s], first_child_at(pages, body, s), s))
            cuts.append((cut_selector(pages, body, strip), found[strip]))
    return cuts


def cut_pages(pages: list[Page], read: DraftSelectors, body: str, strip: str) -> int:
    """The draft pages a cut after the strip's box reads right (``choose_cuts``); 0 when it
    would take story on one of them, or its box opens the body there, or when it takes no
    text on any of them (the strip's own box ends the body)."""
    shown, takes = 0, False
    for page in pages:
        if winner_of(page, read) != body or strip not in page.by_selector:
            continue
        child = holding_child(page, body, strip)
        if child is None:
            continue
        after = [e for e in child.itersiblings() if not SIGN_UP(e)]
        before = list(child.itersiblings(preceding=True))
        if any(plain(line) in page.story for e in (child, *after) for line in element_lines(e)):
            return 0
        if not any(plain(line) in page.story for e in before for line in element_lines(e)):
            return 0
        takes = takes or any(element_lines(e) for e in child.itersiblings())
        shown += 1
    return shown if takes else 0


def holding_child(page: Page, body: str, strip: str) -> etree._Element | None:
    """The child of the page's one body box that is or holds a box of the strip."""
    boxes = outermost(page.by_selector[body])
    if len(boxes) != 1:
        return None
    named = set(page.by_selector[strip])
    return next(
        (c for c in boxes[0] if c in named or any(d in named for d in c.iterdescendants())),
        None,
    )


def first_child_at(pages: list[Page], body: str, strip: str) -> int:
    """Where the child holding the strip's box stands in the body on the first page that
    has one: of two cuts shown on as many pages, the earlier takes more template."""
    for page in pages:
        if body in page.by_selector and strip in page.by_selector:
            child = holding_child(page, body, strip)
            if child is not None:
                return child.getparent().index(child)
    return 0


def cut_selector(pages: list[Page], body: str, strip: str) -> str:
    """The cut as one XPath from the body's box down (``CUT_OPEN``), and the boxes it finds
    recorded on every page, so that it is judged as any strip is."""
    box = absolute_xpath(strip).removeprefix("//")
    step = f"descendant-or-self::{box}"
    selector = f"{CUT_OPEN}{absolute_xpath(body)})/*[preceding-sibling::*[{step}]]"
    find = etree.XPath(selector)
    for page in pages:
        if body in page.by_selector:
            hits = [e for e in find(page.tree) if isinstance(e, etree._Element)]
            if hits:
                page.by_selector[selector] = hits
    return selector


def cut_anchor(cut: str, strips: list[tuple[str, int]]) -> str:
    """The strip whose box a cut starts at (``cut_selector``); "" when none is left."""
    return next(
        (s for s, _ in strips
         if SIMPLE_SELECTOR.match(s) and f"::{absolute_xpath(s).removeprefix('//')}]]" in cut),
        "",
    )  # fmt: skip


def is_cut(selector: str) -> bool:
    """Whether a draft's strip selector is a cut (``choose_cuts``)."""
    return selector.startswith(CUT_OPEN)


def inside_running_text(element: etree._Element) -> bool:
    """Text runs on right before or after an inline element: a topic link or a name inside a
    sentence, whose removal would leave a line with a hole in it ('... bank, Mellon, that').
    A block box (a ``div``, an ``aside``) breaks the line wherever it stands, so text beside
    it is a line of its own (arstechnica 2013 sets its "Further Reading" ``aside`` inside the
    ``<p>`` whose sentence it comes before)."""
    if element.tag in BLOCK_TAGS:
        return False
    before = element.getprevious()
    parent = element.getparent()
    text_before = before.tail if before is not None else (parent.text if parent is not None else "")
    return bool((element.tail or "").strip() or (text_before or "").strip())


def dropped_by_generic(page: Page, found: Measure) -> bool:
    """The generic pass keeps no line of the element: a box it prunes (an aside, a caption,
    a teaser list) that a drafted body would otherwise bring back."""
    return not any(kept_by_generic(page, t) for t in found.texts)


def kept_by_generic(page: Page, line: str) -> bool:
    """Whether the generic pass keeps the line. A line of marks alone ('»' after each of a
    related box's links) normalises to nothing, which every text holds: it is kept by
    nothing (foxnews 2009's ``div.story-related`` was read as kept, and stayed in the body)."""
    key = plain(line)
    return bool(key) and key in page.generic_key


def choose_titles(pages: list[Page], corpus: Corpus, cache: dict) -> list[tuple[str, int]]:
    """Heading selectors whose text is most of the page's <title> and differs between pages."""
    hits: Counter[str] = Counter()
    seen: dict[str, set[str]] = {}
    for page in pages:
        for selector in page.by_selector:
            if tag_of(selector) not in TITLE_TAGS or is_paragraphs(selector):
                continue
            found = measure(page, selector, cache)
            if len(found.texts) != 1:  # the title reader takes all of the element's text
                continue
            first = normalize(found.texts[0])
            if is_headline_of(first, page.title) and not found.story_chars:
                hits[selector] += 1
                seen.setdefault(selector, set()).add(first)
    needed = corpus.needed(False)
    chosen = [(s, n) for s, n in hits.most_common() if n >= needed and len(seen[s]) > 1]
    return chosen[:MAX_BODY_SELECTORS]


def is_headline_of(text: str, title: str) -> bool:
    """The page's <title> holds the text, and the text is most of it (not the site's name)."""
    return (
        len(text.split()) >= TITLE_MIN_WORDS
        and text in title
        and len(text) >= TITLE_MIN_SHARE * len(title)
    )


# --- self-check ----------------------------------------------------------------------------


def directives_text(page: Page, table: dict[str, list[str]]) -> str | None:
    """The text drafted directives keep from a page; None when no body selector matches it
    (the page then goes through the generic pass, as it would with no site rules)."""
    from cleaner.pipeline import default_rulebook

    draft = HtmlDirectives.from_table(table)
    tree = copy.deepcopy(page.tree)
    prune(tree, [draft, *(f.html for f in default_rulebook().generic)])
    containers = find_body(tree, [draft])
    if not containers:
        return None
    return "\n".join(line for c in containers for line in element_lines(c))


def with_headline(page: Page, text: str) -> str:
    """The text with the page's headline on top, unless the text already holds it."""
    lines = {normalize(line) for line in text.split("\n")}
    return text if normalize(page.headline) in lines else f"{page.headline}\n{text}"


def bag_f1(found: str, story: Counter[str]) -> float:
    """Bag-of-words F1 of a text against a page's story words."""
    got = Counter(w.casefold() for w in words(found))
    overlap = sum((got & story).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(story.values())
    return 2 * precision * recall / (precision + recall)


def losing_bodies(pages: list[Page], directives: DraftSelectors) -> frozenset[str]:
    """Body selectors that do no better than the generic pass on the draft pages they win.

    Each page's headline and text are scored against its story words (the generic pass's
    title and the lines it keeps that no other page has; the headline is counted once):
    the generic pass holds all of them plus the template lines it keeps;
    a drafted body wins when it drops that template, and loses when it keeps boxes the
    generic pass prunes (asides, link lists) or misses a deck or lede. A body is kept only
    when its summed gain over the pages it wins is at least ``least_gain``.
    """
    return frozenset(losing_gains(pages, directives))


def losing_gains(pages: list[Page], directives: DraftSelectors) -> dict[str, float]:
    """The losing bodies (``losing_bodies``), each with its summed gain."""
    gain = body_gains(pages, directives)
    return {s: gain[s] for s, _ in directives.body if gain[s] < least_gain(s, pages)}


def least_gain(body: str, pages: list[Page]) -> float:
    """The gain a body must show on the draft pages it wins: more than a tie when it is named
    on one of them only (``SINGLE_PAGE_MIN_GAIN``)."""
    named = sum(body in page.by_selector for page in pages)
    return SINGLE_PAGE_MIN_GAIN if named == 1 else SELF_CHECK_MIN_GAIN


def body_gains(pages: list[Page], directives: DraftSelectors) -> Counter[str]:
    """Per body selector, its summed story-word F1 gain over the generic pass on the draft
    pages it wins (see ``losing_bodies``)."""
    table = directives.as_table()
    gain: Counter[str] = Counter()
    for page in pages:
        winner = next((s for s, _ in directives.body if s in page.by_selector), None)
        story = story_words(page)
        if winner is None or not story:
            continue
        kept = directives_text(page, table)
        if kept is not None:
            generic = with_headline(page, page.generic)
            gain[winner] += bag_f1(with_headline(page, kept), story) - bag_f1(generic, story)
    return gain


def story_words(page: Page) -> Counter[str]:
    """The words a drafted page is scored against: its generic title, its deck and its
    story lines."""
    lines = [page.headline, page.deck, *page.story]
    return Counter(w.casefold() for line in lines for w in words(line))


def costs_story(pages: list[Page], bodies: list[tuple[str, int]], strip: tuple[str, int]) -> bool:
    """Whether adding the strip selector to the bodies alone lowers the story-word F1 of the
    draft pages it touches: it then takes a story line (or part of one) with the junk."""
    alone = DraftSelectors(bodies, [], []).as_table()
    stripped = DraftSelectors(bodies, [strip], []).as_table()
    change = 0.0
    for page in pages:
        story = story_words(page)
        if strip[0] not in page.by_selector or not story:
            continue
        before, after = directives_text(page, alone), directives_text(page, stripped)
        if before is not None and after is not None:
            change += bag_f1(with_headline(page, after), story)
            change -= bag_f1(with_headline(page, before), story)
    return change < 0


def choose_decks(pages: list[Page], directives: DraftSelectors) -> dict[str, list[str]]:
    """Per body selector, the deck selectors shown outside its container on the pages it
    wins, each kept when reading it with the body scores better on those pages. An element
    that shows the meta description word for word is a deck on one page (forbes 2009:
    ``h2.storyDek`` on the one draft page of two that has a deck); a lead found only by its
    place above the body needs ``MIN_PAGES`` (or the one page a body wins: foxnews 2009's
    ``div.fxn-story-detail > h2`` above its one-page ``div.story-text``). One container can
    serve two template eras with their own decks (arstechnica's ``div.article-content``:
    ``h2.standalone-deck`` in 2013, ``h2[itemprop~=description]`` in 2017)."""
    decks: dict[str, list[str]] = {}
    for body, _ in directives.body:
        won = [p for p in pages if winner_of(p, directives) == body]
        described = {s for page in won for s in page.deck_selectors}
        outside = Counter(
            selector
            for page in won
            for selector in {*page.deck_selectors, *lead_selectors(page, body)}
            if not any(in_body(e, page, body) for e in page.elements(selector))
        )
        chosen: list[str] = []
        for deck in sorted(outside, key=lambda s: (-outside[s], s)):
            if (outside[deck] >= min(MIN_PAGES, len(won)) or deck in described) and deck_helps(
                won, directives, body, chosen, [*chosen, deck]
            ):
                chosen.append(deck)
        if chosen:
            decks[body] = chosen
    return decks


def lead_selectors(page: Page, body: str) -> list[str]:
    """Named elements before the body container that hold only story prose (a date line is
    not a deck), a line or two: a deck
    (standfirst) the page shows above the story that its meta description does not repeat
    (latimes 2009: ``div.storysubhead`` above ``div.storybody``)."""
    containers = page.by_selector.get(body, [])
    if not containers:
        return []
    order = {e: n for n, e in enumerate(page.tree.iter())}
    start = min(order[c] for c in containers)
    found = []
    for selector, elements in page.deck_candidates():
        if len(elements) != 1:
            continue
        lines = element_lines(elements[0])
        if (
            order[elements[0]] < start
            and 0 < len(lines) <= LEAD_MAX_LINES
            and all(plain(line) in page.story and is_prose(line) for line in lines)
        ):
            found.append(selector)
    return sorted(found)


def winner_of(page: Page, directives: DraftSelectors) -> str | None:
    """The body selector that finds this page's container (the first that matches)."""
    return next((s for s, _ in directives.body if s in page.by_selector), None)


def in_body(element: etree._Element, page: Page, body: str) -> bool:
    boxes = set(page.by_selector[body])
    return element in boxes or any(a in boxes for a in element.iterancestors())


def deck_helps(
    won: list[Page], directives: DraftSelectors, body: str, before: list[str], after: list[str]
) -> bool:
    """Whether reading the body with the decks ``after`` scores better on the pages it wins
    than with the decks ``before``."""

    def table(decks: list[str]) -> dict[str, list[str]]:
        trial = DraftSelectors(directives.body, directives.strip, directives.title,
                               {**directives.decks, body: decks})  # fmt: skip
        return trial.as_table()

    base, trial = table(before), table(after)
    change = 0.0
    for page in won:
        story = story_words(page)
        old, new = directives_text(page, base), directives_text(page, trial)
        if story and old is not None and new is not None:
            change += bag_f1(with_headline(page, new), story)
            change -= bag_f1(with_headline(page, old), story)
    return change > 0


def checked_directives(pages: list[Page], corpus: Corpus, cache: dict) -> DraftSelectors:
    """Body, strip and title selectors, without the body selectors the self-check rejects
    (and the pages those covered go to the next selector, or to the generic pass).

    The worst losing body is left out first, and the rest are chosen and checked again:
    the strips are chosen for the bodies together, and a body that keeps template boxes
    (forbes 2013: ``div#leftRail``) can crowd out of ``MAX_STRIP_SELECTORS`` the strips
    that make another body win (its 2017 ``div.wp-caption``)."""
    banned: frozenset[str] = frozenset()
    while True:
        bodies = choose_bodies(pages, cache, banned)
        directives = DraftSelectors(bodies, [], [])
        if not bodies:
            return directives
        strips = choose_strips(pages, [s for s, _ in bodies], corpus, cache)
        directives.strip = [s for s in strips if not costs_story(pages, bodies, s)]
        cuts = choose_cuts(pages, bodies, directives.strip)
        directives.strip += [s for s in cuts if not costs_story(pages, bodies, s)]
        directives.title = choose_titles(pages, corpus, cache)
        directives.decks = choose_decks(pages, directives)
        losing = losing_gains(pages, directives)
        if not losing:
            return directives
        banned |= {min(losing, key=lambda s: (losing[s], s))}


# --- the draft -----------------------------------------------------------------------------


@dataclass
class DraftSelectors:
    body: list[tuple[str, int]]
    strip: list[tuple[str, int]]
    title: list[tuple[str, int]]
    decks: dict[str, list[str]] = field(default_factory=dict)
    """Body selector -> the selectors of the decks shown above it, read with it."""

    def bodies(self) -> list[str]:
        return [
            with_decks(s, self.decks[s]) if self.decks.get(s)
            else absolute_xpath(s) if is_paragraphs(s) else s
            for s, _ in self.body
        ]  # fmt: skip

    def as_table(self) -> dict[str, list[str]]:
        containers = [s for s, _ in self.body]
        table = {"body": self.bodies(), "strip": [inside(s, containers) for s, _ in self.strip],
                 "title": [s for s, _ in self.title]}  # fmt: skip
        return {k: v for k, v in table.items() if v}


def inside(strip: str, bodies: list[str]) -> str:
    """The strip selector limited to the drafted body containers: a box is chosen for what it
    holds inside them on the draft pages, and a page no body matches goes through the generic
    pass as it would with no site rules. Unscoped, a strip changed what the generic pass found
    on such pages (latimes: ``div.content`` on a 2005 page whose era no body selector named,
    0.962 -> 0.856). A cut (``choose_cuts``) names its own body."""
    if is_cut(strip):
        return strip
    if strip.startswith("/"):
        return " | ".join(absolute_xpath(body) + strip for body in bodies)
    if any(is_paragraphs(body) or is_structural(body) for body in bodies):  # only XPath can
        step = absolute_xpath(strip) if SIMPLE_SELECTOR.match(strip) else f"//{strip}"
        return " | ".join(absolute_xpath(body) + step for body in bodies)
    return ", ".join(f"{body} {strip}" for body in bodies)


def absolute_xpath(selector: str) -> str:
    """``tag.class``, ``tag#id`` or ``tag[attribute~=name]`` as a short XPath from the
    document root; ``div.x > h2`` (a deck named by its parent) as the parent's and a step; a
    structural name (``structural_names``) is XPath already."""
    if selector.startswith("/"):
        return selector
    child = CHILD_SELECTOR.match(selector)
    if child:
        return f"{absolute_xpath(child.group(1))}/{child.group(2)}"
    if is_paragraphs(selector):
        blocks = " or ".join(f"self::{tag}" for tag in STORY_BLOCK_TAGS)
        parent = absolute_xpath(selector.removesuffix(PARAGRAPHS))
        return f"{parent}/*[{blocks}][not(@class) and not(@id)]"
    tag, attribute, name = named_parts(selector)
    if attribute == "id":
        return f"//{tag}[@id='{name}']"
    return f"//{tag}[contains(concat(' ', normalize-space(@{attribute}), ' '), ' {name} ')]"


def with_decks(body: str, decks: list[str]) -> str:
    """One body entry reading the decks and the body container, in page order; a deck only
    on pages that also have the container (a deck alone is not the article)."""
    container = absolute_xpath(body)
    return " | ".join([*(f"{absolute_xpath(deck)}[{container}]" for deck in decks), container])


def kept_texts(pages: list[Page], table: dict[str, list[str]]) -> list[str]:
    """The text each page keeps under the drafted directives: its body container's text, or
    what the generic pass keeps where no body selector matches (site line rules run on it)."""
    texts = []
    for page in pages:
        kept = directives_text(page, table) if table.get("body") else None
        texts.append(page.generic if kept is None else kept)
    return texts


def wrapped(selector: str, inner: str) -> str:
    """A snippet of markup the selector finds, holding ``inner`` (a body of story blocks: its
    named element, around ``inner``'s paragraph)."""
    tag, kind, name = named_parts(selector.removesuffix(PARAGRAPHS))
    before, after = TABLE_WRAP.get(tag, ("", ""))
    return f"{before}<{tag} {kind}='{html_escape.escape(name)}'>{inner}</{tag}>{after}"


def skeleton(selector: str, pages: list[Page], keep: str) -> str:
    """Markup of a page's way down to the box a structural body names (``structural_names``):
    each box on the way with its names, the named children of the box (the headline it is
    named by), and ``keep`` in a paragraph inside it."""
    page = next(p for p in pages if selector in p.by_selector)
    element = page.by_selector[selector][0]

    def bare(source: etree._Element) -> etree._Element:
        kept = {k: v for k, v in source.attrib.items() if k in SKELETON_ATTRIBUTES}
        return etree.Element(source.tag, kept)

    root = node = bare(page.tree)
    way = [*list(element.iterancestors())[-2::-1], element]
    for box in way:
        above = element_before(box)
        if "preceding-sibling::" in selector and box in way[-2:] and above is not None:
            node.append(named_copy(above))  # the headline it is named by (headline_above_names)
        node.append(bare(box))
        node = node[-1]
    node.extend(bare(c) for c in element if isinstance(c.tag, str) and stable_selectors(c))
    etree.SubElement(node, "p").text = keep
    return etree.tostring(root, encoding="unicode", method="html")


def named_copy(source: etree._Element) -> etree._Element:
    """A copy of a box beside the way down to a structural body (the headline's row above its
    cell, ``headline_above_names``): its elements with their names only, and their text."""
    kept = {k: v for k, v in source.attrib.items() if k in SKELETON_ATTRIBUTES}
    copied = etree.Element(source.tag, kept)
    copied.text = source.text
    copied.extend(named_copy(c) for c in source if isinstance(c.tag, str))
    return copied


def html_example(directives: DraftSelectors, pages: list[Page], keep: str, cache: dict) -> dict:
    named = [s for s, _ in directives.body if not is_structural(s)]
    if not named:
        return {"html": skeleton(directives.body[0][0], pages, keep), "keep": [keep], "drop": []}
    body = named[0]
    keep_html = f"<p>{html_escape.escape(keep)}</p>"
    example = {"html": wrapped(body, keep_html), "keep": [keep], "drop": []}
    for selector, _ in directives.strip:
        tag = tag_of(selector)
        if tag in TABLE_WRAP or not SIMPLE_SELECTOR.match(selector):
            continue
        texts = (measure(p, selector, cache).texts for p in pages if selector in p.by_selector)
        sample = next((found[0] for found in texts if found), "")
        if sample:
            sample = sample[:SAMPLE_CHARS]
            junk = wrapped(selector, html_escape.escape(sample))
            example = {"html": wrapped(body, keep_html + junk), "keep": [keep], "drop": [sample]}
            break
    return example


def example_passes(table: dict, example: dict) -> bool:
    from cleaner.html.examples import html_example_failures

    html = HtmlDirectives.from_table({**table, "examples": [example]})
    rule_file = RuleFile("draft", "<draft>", "", [], [], [], html=html)
    try:
        return not html_example_failures(rule_file)
    except (PageError, ValueError):
        return False


def html_block(directives: DraftSelectors, example: dict, total: int) -> str:
    lines = ["[html]"]
    table = directives.as_table()
    for key, chosen in (("body", directives.body), ("strip", directives.strip),
                        ("title", directives.title)):  # fmt: skip
        if chosen:
            notes = ", ".join(f"{s} {n}" for s, n in chosen)
            lines.append(f"# pages of {total} each selector touches: {notes}")
            lines.append(f"{key} = {toml_list(table[key])}")
    lines += ["", "[[html.examples]]", f"html = {toml_string(example['html'])}"]
    lines.append(f"keep = {toml_list(example['keep'])}")
    if example["drop"]:
        lines.append(f"drop = {toml_list(example['drop'])}")
    return "\n".join(lines) + "\n\n"


@dataclass
class HtmlDraft:
    """The ``[html]`` part of a draft: its selectors, and the pages its example comes from."""

    directives: DraftSelectors
    pages: list[Page]
    cache: dict
    keep: str
    """A story line of the pages, the example's line to keep."""

    def part_keys(self) -> list[str]:
        """One name per selector, as the draft's page counts show them (``html.strip div.x``),
        and one per kind of an unnamed strip (``UNNAMED_KINDS``); a cut is named as the strip
        it follows (``part_key``)."""
        found = (part for key, chosen in self.chosen() for s, _ in chosen
                 for part in self.parts(key, s))  # fmt: skip
        return list(dict.fromkeys(found))

    def parts(self, key: str, selector: str) -> list[str]:
        """The part names of one selector: its ``part_key``, or one per kind of an unnamed
        strip, which the guard leaves out one by one."""
        if key == "strip" and selector in UNNAMED_BY_SELECTOR:
            return [f"html.strip {kind}" for kind in UNNAMED_BY_SELECTOR[selector]]
        return [self.part_key(key, selector)]

    def part_key(self, key: str, selector: str) -> str:
        """``html.body div.x``; a body named on one draft page only (``single_page_bodies``)
        is ``html.body div.x (one page)``. The guard leaves out what lowered a page by this
        name: a body drafted from one page of a two-page era that lowers the other page is
        the one-page body at fault, not the body the two pages give the final draft. A cut
        (``choose_cuts``) is one part with the strip whose box it starts at: a page the strip
        lowers, the cut lowers too, and the guard, leaving out one part at a time, would find
        no part at fault."""
        if key == "strip" and is_cut(selector):
            selector = cut_anchor(selector, self.directives.strip) or selector
        named = sum(selector in page.by_selector for page in self.pages)
        one_page = key == "body" and named == 1
        return f"html.{key} {selector}" + (ONE_PAGE if one_page else "")

    def chosen(self) -> list[tuple[str, list[tuple[str, int]]]]:
        found = self.directives
        return [("body", found.body), ("strip", found.strip), ("title", found.title)]

    def without(self, banned: set[str]) -> HtmlDraft:
        def kept(key: str, chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
            return [(s, n) for s, n in chosen if self.part_key(key, s) not in banned]

        found = self.directives
        body = kept("body", found.body)
        decks = {b: d for b, d in found.decks.items() if any(b == s for s, _ in body)}
        strip = [(unnamed_without(self.pages, s, banned) if s in UNNAMED_BY_SELECTOR else s, n)
                 for s, n in kept("strip", found.strip)]  # fmt: skip
        if len(body) < len(found.body) or any(s not in dict(found.strip) for s, _ in strip):
            # the strips chosen inside a body left out go with it; an unnamed strip less some
            # of its kinds may find no box inside the bodies
            strip = strips_inside(self.pages, [s for s, _ in body], strip)
        trimmed = DraftSelectors(body, strip, kept("title", found.title), decks)
        return HtmlDraft(trimmed, self.pages, self.cache, self.keep)

    def render(self) -> tuple[str, list[tuple[str, int]]]:
        """The ``[html]`` block and its selectors' page counts; nothing without a body, or
        when no example of the selectors passes."""
        directives = self.directives
        if not directives.body or not self.keep:
            return "", []
        table = directives.as_table()
        example = html_example(directives, self.pages, self.keep, self.cache)
        if not example_passes(table, example) and example["drop"]:
            plain = DraftSelectors(directives.body, [], [])
            example = html_example(plain, self.pages, self.keep, self.cache)
        if not example_passes(table, example):
            return "", []
        touched = [(self.part_key(key, s), n) for key, chosen in self.chosen() for s, n in chosen]
        return html_block(directives, example, len(self.pages)), touched


def unnamed_without(pages: list[Page], selector: str, banned: set[str]) -> str:
    """An unnamed strip less the kinds the guard left out (``UNNAMED_KINDS``), with the boxes
    it finds on the pages ("" when no kind is left: it finds nothing)."""
    kinds = [kind for kind in UNNAMED_BY_SELECTOR[selector] if f"html.strip {kind}" not in banned]
    if not kinds:
        return ""
    reduced = unnamed_strip(kinds)
    for page in pages:
        if reduced not in page.by_selector and selector in page.by_selector:
            found = page.tree.xpath(reduced)
            if found:
                page.by_selector[reduced] = found
    return reduced


def strips_inside(
    pages: list[Page], bodies: list[str], strips: list[tuple[str, int]]
) -> list[tuple[str, int]]:
    """The strip selectors that find a box inside the kept body containers on some page, with
    the pages they find one on. A strip is written inside the body containers: with the body
    it was chosen inside left out, it would match nothing (a dead selector that
    ``cleaner test-rules`` rightly reports)."""
    kept = []
    for selector, _ in strips:
        count = sum(
            any(in_body(e, page, body) and e not in page.by_selector[body]
                for body in bodies if body in page.by_selector
                for e in page.by_selector.get(selector, ()))
            for page in pages
        )  # fmt: skip
        if count:
            kept.append((selector, count))
    return kept


def html_parts(htmls: list[str]) -> DraftParts:
    """The parts of a draft (``[html]`` selectors and line rules) from HTML pages of one site."""
    pages, sources = parse_pages(htmls)
    corpus = mark_story(pages, sources)
    cache: dict = {}
    add_structural_bodies(pages, cache)
    directives = checked_directives(pages, corpus, cache)
    text_corpus = suggest_text_corpus(kept_texts(pages, directives.as_table()))
    keep = next(iter(text_corpus.story_lines()), "")
    html = HtmlDraft(directives, pages, cache, keep)
    return DraftParts("HTML", text_corpus, line_rules(text_corpus), len(pages), html)
