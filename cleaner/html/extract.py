"""Extract a page's main text: a site's ``body`` container, else trafilatura on the pruned page.

A page goes: ``parse_html`` -> the matched rule files' ``[html]`` directives (``strip`` and
``strip_id_or_class`` remove elements; ``body`` picks the article container, first selector
that matches wins; ``title``/``author``/``date`` read metadata) -> the container's own text,
or, when no container matched, trafilatura on the pruned page or the page's main container,
chosen from what the page is (``cleaner.html.choice``), less a product page's customer reviews
(``cleaner.html.reviews``), and on the page types where it does better the block classifier's
reading of the page instead (``cleaner.html.blocks``) -> one
paragraph, heading or list item per line. Metadata from rule
files wins; the page's meta tags and trafilatura's title finder are the fallback
(``cleaner.html.metadata``).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Literal

import lxml.etree as etree
import regex
import trafilatura

from cleaner.document import Document
from cleaner.html.blocks import blocks_or_reading, document_blocks
from cleaner.html.cascade import described_reading, stated_reading
from cleaner.html.choice import (
    PageSignals,
    choose_reading,
    generic_strip_applies,
    page_signals,
)
from cleaner.html.directives import META_KEYS, HtmlDirectives
from cleaner.html.lines import element_lines, tree_page_lines
from cleaner.html.metadata import fill_metadata, page_metadata, read_metadata
from cleaner.html.page_type import page_type
from cleaner.html.parse import parse_html
from cleaner.html.prune import drop_consent_banners, outermost, prune, select
from cleaner.html.recommendations import RECOMMENDATION_TYPES, without_recommendations
from cleaner.html.references import tree_reference
from cleaner.html.reviews import REVIEW_TYPES, without_reviews
from cleaner.html.story_end import without_outside_tail, without_teaser_run
from cleaner.html.threads import find_thread, thread_lines, unwrap_crawler_view

if TYPE_CHECKING:
    from cleaner.rulebook.load import Rulebook
    from cleaner.rulebook.rules import RuleFile

ARCHIVE_PREFIX = regex.compile(r"^https?://(?:web(?:-beta)?\.)?archive\.org/web/[0-9a-z_]+/")
LAYOUT_MARKERS = etree.XPath("boolean(.//table) or count(.//p) >= 3")
"""A table holding tables or several paragraphs lays out a page; others hold data."""
CELL_TAGS = frozenset(("tbody", "thead", "tfoot", "tr", "td", "th", "caption"))
FAST_TYPES = frozenset(("documentation",))
"""Page types whose trafilatura readings are made in fast mode (no readability or jusText
fallbacks). On documentation pages the block classifier reads most pages and trafilatura's
reading is mostly its input: there fast mode changed 1 of the 57 tune-part pages of wcxb-dev
and 2 of the 41 held-apart ones, each for the better (word F1 0.931 -> 0.931 and 0.922 ->
0.924), for 28-45 ms less a page (bench/README.md, "Fast mode per page type"). On collection
pages it lost a point on the tune part (0.663 -> 0.653; held apart 0.649 -> 0.674), and on
every other type more (``bench/html_routes.py``: products 11 points, service pages 1-2,
articles 0.7)."""
TAIL_ROUTES = frozenset(("trafilatura", "recall", "blocks"))
"""The routes whose reading can run past the story's container (``cleaner.html.story_end``):
trafilatura's, and the block classifier's, which keeps a service page's or a shop range's
closing blocks from outside it (a firm's contact panel, a sign-up, a list of the site's other
departments). The block reading joined them with the same container share, its menus guarded
(``story_end.MENU_LINK_SHARE``): on the tune sites of wcxb-dev 53 of its pages changed, 38
better and 7 worse, +0.26 of F1 summed (collections +0.18); without the guard -0.18 (service
pages -0.56, a product menu taken for the story's container). Left out: the main container's
reading and a stated story's (trimmed in a simulation on the cleaner's outputs: two and three
tune pages changed, +0.02 and -0.003 of F1 summed)."""
TEASER_ROUTES = frozenset(("trafilatura", "recall"))
"""The routes whose reading loses a closing run of teaser cards (``story_end.without_teaser_run``):
trafilatura's, which reads on past a story into a "Read This Next" strip or a firm's other posts
when their prose outweighs a third of its words and the tail cut's container takes them in
(on the tune sites of wcxb-dev, two articles 0.60 -> 0.98 and 0.62 -> 1.00). Not the block
reading's: there a documentation page's and a listing's own items are linked cards after their
introduction (two tune pages 0.93 -> 0.13 and 0.87 -> 0.41)."""
LINKED_ITEM_TYPES = frozenset(("listing",))
"""Page types whose items are links (a listing's teaser headlines): there the story's container
is found from all of the reading's words; elsewhere from its words outside links
(``cleaner.html.story_end``). On the tune sites of wcxb-dev, link words left out everywhere
changed 11 pages, -0.45 of F1 summed (two listings read by blocks 0.94 -> 0.02 and 0.87 ->
0.36: their items are links, their snippets not); left in on listings, 9 pages, +0.99 (an
article's list of a hundred authors 0.37 -> 0.97, a collection 0.25 -> 0.93; two listings
typed otherwise lost 0.28); held apart 8 pages, +0.23."""
LISTED_SPEC_TYPES = frozenset(("product",))
"""Page types whose list items after the story's container are the page's own text (a
product's specifications and features after its description): there a reading's list
items are not judged as tail (``cleaner.html.story_end.LIST_MARKER``). Judged, they cost the
tune product pages of wcxb-dev 0.70 of F1 summed over 4 pages (a graphics card's
specification list 0.79 -> 0.30)."""
Route = Literal["site", "trafilatura", "recall", "container", "blocks", "posts", "stated"]
"""Which reading gave a page's text: a site's ``body`` container (``site``), the reading
choice's (``cleaner.html.choice.Reading``), the block classifier's (``blocks``), a
forum thread's posts (``posts``, ``cleaner.html.threads``), or the blocks that hold the
story the page states in its JSON-LD, with no trafilatura call (``stated``,
``cleaner.html.cascade``)."""


def extract(
    doc: Document,
    rulebook: Rulebook,
    site_rules: bool = True,
    with_blocks: bool = True,
    cascade: bool = True,
) -> str:
    """Return the page's main text, one paragraph a line; fill sites, title and metadata.

    When a site's ``body`` selector matches, the container is the article: its text is read
    directly (trafilatura would re-judge it and drop short or link-dense story lines).
    Otherwise trafilatura extracts from the pruned page, and a page that is not an article
    may get its main container's text instead (``cleaner.html.choice``); on the page types
    where it does better the block classifier rereads the page (``with_blocks``). Metadata
    comes from the site's selectors, with trafilatura's (quick mode) filling what they leave
    open. ``doc.route`` says which reading gave the text (``Route``). With ``cascade`` a page
    whose blocks hold the full story its JSON-LD states is read from them, with no
    trafilatura call (``cleaner.html.cascade``).
    ``site_rules=False`` is the generic path the pipeline's repair stage falls back on: the
    sites are still named, but their selectors are not used.
    """
    if doc.tree is None:
        doc.tree = parse_html(doc.raw, doc.warnings)
    tree = pruning_copy(doc.tree)
    thread = find_thread(tree)
    unwrap_crawler_view(thread)
    doc.page_lines = tree_page_lines(tree)
    doc.page_reference = tree_reference(tree)
    url = doc.url or canonical_url(tree)
    signals = page_signals(tree)
    doc.page_type = page_type(tree, url, partial(document_blocks, doc), signals)
    sites = site_files(doc, tree, rulebook)
    doc.sites = [f.name for f in sites]
    site_html = [f.html for f in sites] if site_rules else []
    metadata = read_metadata(tree, site_html)
    fallback = None if len(metadata) == len(META_KEYS) else page_metadata(tree)
    generic_prune(tree, rulebook, signals, site_html)
    containers = find_body(tree, site_html)
    posts = None if containers else thread_lines(thread, tree)
    if containers:
        doc.route = "site"
        text = "\n".join(line for c in containers for line in element_lines(c))
    elif posts:
        doc.route, text = "posts", "\n".join(posts)
    else:
        unwrap_layout_tables(tree)
        stated = (
            (stated_reading(tree, doc.page_reference) or described_reading(tree, doc.page_type))
            if cascade
            else None
        )
        if stated is not None:
            doc.route, text = "stated", stated
        else:
            text = chosen_text(doc, tree, signals, with_blocks)
    fill_metadata(doc, metadata, fallback, tree, url)
    return text


def pruning_copy(tree: etree._Element) -> etree._Element:
    """A copy of the page's tree for extraction to prune: the page's own stays as read
    (``Document.tree``) for the verdict's markup reading and the repair stage."""
    return copy.deepcopy(tree)


def chosen_text(
    doc: Document, tree: etree._Element, signals: PageSignals, with_blocks: bool
) -> str:
    """The reading choice's text of the pruned page (``cleaner.html.choice``), without reviews
    on the types that carry them, reread by the block classifier on the types where it does
    better (``with_blocks``; its reading loses the reviews as well); ``doc.route`` says which
    reading gave it, ``doc.readings`` keeps every reading made on the way
    (``Document.readings``). trafilatura's reading and the block reading lose their last lines
    from outside the story's container (``cleaner.html.story_end``, ``TAIL_ROUTES``)."""
    fast = doc.page_type in FAST_TYPES
    seen: dict[str, str] = {}
    doc.readings = seen

    def reading(favor_recall: bool) -> str:
        text = choice_reading(tree, doc.url, favor_recall, fast=fast)
        seen["recall" if favor_recall else "trafilatura"] = text
        return text

    doc.route, text = choose_reading(tree, signals, reading, seen)
    if doc.page_type in REVIEW_TYPES:
        text = without_reviews(tree, text)
    if with_blocks:
        page_words = sum(len(line.split()) for line in doc.page_lines)
        blocks = blocks_or_reading(tree, text, doc.page_type, page_words, seen)
        doc.route, text = ("blocks" if blocks != text else doc.route), blocks
        if doc.route == "blocks" and doc.page_type in REVIEW_TYPES:  # the blocks hold them too
            text = without_reviews(tree, text)
    if doc.route in TAIL_ROUTES:
        blocks = document_blocks(doc) or []
        linked = doc.page_type in LINKED_ITEM_TYPES
        items = doc.page_type not in LISTED_SPEC_TYPES
        text = without_outside_tail(text, blocks, doc.route == "blocks", linked, items)
        if doc.route in TEASER_ROUTES:
            text = without_teaser_run(text, blocks)
    if doc.page_type in RECOMMENDATION_TYPES:
        text = without_recommendations(text, document_blocks(doc) or [])
    return text


def generic_prune(
    tree: etree._Element, rulebook: Rulebook, signals: PageSignals, site_html: list
) -> None:
    """Remove cookie-consent banners, and what the site files and, where it applies, the
    generic strip list name."""
    drop_consent_banners(tree)
    applies = site_html or generic_strip_applies(signals)
    generic = [f.html for f in rulebook.generic] if applies else []
    prune(tree, site_html + generic)


def prepared_tree(html: str, rulebook: Rulebook) -> tuple[etree._Element, str | None]:
    """A page as ``extract`` prepares it when no site rule applies (pruned, layout tables
    unwrapped), and its page type: what the block classifier sees (its training reads it)."""
    tree = parse_html(html, [])
    kind = page_type(tree, canonical_url(tree))
    generic_prune(tree, rulebook, page_signals(tree), [])
    unwrap_layout_tables(tree)
    return tree, kind


def site_files(doc: Document, tree: etree._Element, rulebook: Rulebook) -> list[RuleFile]:
    """Site files by the given URL, else the page's canonical URL, else text signatures."""
    url = doc.url or canonical_url(tree)
    found = rulebook.sites_for_url(url)
    if not found:
        title = tree.findtext(".//title") or ""
        found = rulebook.sites_for_text(title)
    return found


def canonical_url(tree: etree._Element) -> str | None:
    """The page's own idea of its URL (canonical link or og:url), unwrapped from web archives."""
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        values = tree.xpath(xpath)
        if values:
            return ARCHIVE_PREFIX.sub("", str(values[0]).strip())
    return None


def find_body(
    tree: etree._Element, directives: Sequence[HtmlDirectives]
) -> list[etree._Element] | None:
    """The article container(s): the first ``body`` selector of a site file that matches."""
    for directive in directives:
        for selector in directive.body:
            found = outermost(select(tree, selector.xpath))
            if found:
                return found
    return None


def choice_reading(
    tree: etree._Element, url: str | None, favor_recall: bool, fast: bool = False
) -> str:
    """The reading choice's trafilatura (``trafilatura_text``): both its readings in full
    mode, or in fast mode on the page types in ``FAST_TYPES``. The recall-favouring reading
    in fast mode on every page read 4 of wcxb-dev's 1,497 pages differently and cost 1.1 ms
    less on the 8% of pages that try it: not worth a change of output."""
    return trafilatura_text(tree, url, favor_recall, fast)


def trafilatura_text(
    tree: etree._Element, url: str | None, favor_recall: bool = False, fast: bool = False
) -> str:
    """trafilatura's main text of a (pruned) tree, one paragraph a line; '' when none.

    Its full mode weighs its own reading against its fallback extractors (readability,
    jusText): ``fast`` leaves them out. Fast mode on every page lost 2.5 points of F1 on
    wcxb-dev's tune part (forums 20 points) for 16% less extraction time, and reading fast
    first and escalating the pages where it kept little saved no time at equal F1
    (``bench/html_routes.py``, bench/README.md).
    """
    options = {"url": url, "include_comments": False, "include_tables": True, "fast": fast}
    if favor_recall:
        options["favor_recall"] = True
    return trafilatura.extract(tree, **options) or ""  # it works on a copy


def unwrap_layout_tables(tree: etree._Element) -> None:
    """Turn layout tables (cells holding paragraphs, blocks or tables) into plain divs.

    Old templates (2005-era BBC, Forbes, NY Post) lay the page out in tables; trafilatura
    renders table cells as table rows, which glues the story's paragraphs into one line.
    """
    for table in list(tree.iter("table")):
        if table.tag != "table" or not LAYOUT_MARKERS(table):
            continue
        table.tag = "div"
        stack = list(table)
        while stack:
            element = stack.pop()
            if element.tag in CELL_TAGS:
                element.tag = "div"
                stack.extend(element)
