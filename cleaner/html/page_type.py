"""What kind of page a page is, as its own markup and URL say: article, forum, product,
listing, collection, service or documentation.

The verdict calibrates its quality estimate per type (a forum thread's or a product page's
output is judged against what such pages hold), and extraction choices can read it too. The
type comes from what the page declares (``og:type``, JSON-LD ``@type``, microdata
``itemtype``, the generator that built it), from the software's markup (a documentation
theme's permalinks, a shop's cart) and from the URL's shape (``/threads/``, ``/docs/``,
``/collections/``, a story's many-word name). The first type whose evidence is found wins, in
``PAGE_TYPES`` order of how specific the evidence is; a page with no article evidence and none
of the others is a service page (an organisation's page about what it offers). The rules were
written on the tune part of wcxb-dev (bench/page_types.py reports their accuracy on both parts).

A text dump has no markup: its type comes from its URL when the URL's shape says one, else it
is ``unknown`` (the verdict then uses its calibration over all pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Literal
from urllib.parse import urlsplit

import lxml.etree as etree
import regex

from cleaner.dates import DATED
from cleaner.html.blocks import LONG_PARAGRAPH_WORDS, Block, body_blocks
from cleaner.html.choice import (
    ARTICLE_TYPES,
    DISCUSSION_TYPES,
    PRODUCT_TYPES,
    STORY_TYPES,
    PageSignals,
    page_signals,
)

PageType = Literal[
    "article", "forum", "product", "listing", "collection", "service", "documentation", "unknown"
]
PAGE_TYPES: tuple[PageType, ...] = (
    "forum", "documentation", "collection", "product", "listing", "article", "service",
)  # fmt: skip
"""Every type a page with markup can get."""
UNKNOWN: PageType = "unknown"

FORUM_URL = regex.compile(
    r"/(?:threads?/|topic/\d|showthread|viewtopic|discussions?/|questions/\d+|t/[^/]+/\d+|"
    r"forums?/)",
    regex.I,
)
FORUM_HOST = regex.compile(r"^(?:forums?|community|boards|discuss)\.", regex.I)
FORUM_SOFTWARE = regex.compile(
    r"discourse|vbulletin|phpbb|xenforo|mybb|invision|simple machines|nodebb|flarum", regex.I
)
DOCS_URL = regex.compile(
    r"/(?:docs?|documentation|manual|reference|api|usersguide|tutorials?|guides?|"
    r"learn|handbook|howto)(?:/|[._-]|$)",
    regex.I,
)
DOCS_HOST = regex.compile(r"^(?:docs|developer|devdocs|wiki)\.|\.readthedocs\.io$", regex.I)
DOCS_SOFTWARE = regex.compile(
    r"mkdocs|sphinx|docusaurus|gitbook|bookdown|vitepress|starlight|mdbook|doxygen|jsdoc|"
    r"docfx|antora|hugo-book",
    regex.I,
)
DOCS_TYPES = frozenset(("techarticle", "apireference"))
DOCS_MARKUP = etree.XPath(
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' admonition ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' rst-content ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' theme-doc-markdown ')]"
)
"""Sphinx's heading permalinks and admonitions, Read the Docs' and Docusaurus's content boxes."""
DOCS_CLASS_NAMES = ("headerlink", "admonition", "rst-content", "theme-doc-markdown")
"""``DOCS_MARKUP``'s class names: a page none of whose class attributes holds one is not
searched further (``DOCS_MARKUP`` makes four passes over the elements; most pages have none)."""
CLASS_NAMES = etree.XPath("//@class", smart_strings=False)
"""Every class attribute's value as a plain string (a smart string, which knows its element,
cost twice as much to make and to turn into text)."""
COLLECTION_URL = regex.compile(
    r"/(?:collections?|c|cat|categor(?:y|ies)|shop|browse|b|departments?|store)(?:/|$)|"
    r"subcategory|/bn_\d",
    regex.I,
)
COLLECTION_TYPES = frozenset(("collectionpage", "itemlist", "offercatalog", "product.group"))
SHOP_TYPES = frozenset(("offercatalog", "product.group"))
"""Declared types only a shop's range page carries (Target's category pages declare
``product.group`` and show their prices in no element named for them)."""
PRODUCT_URL = regex.compile(r"/(?:products?|dp|p|itm|item|sku)/", regex.I)
SHOP_CLASS_NAMES = ("cart", "price")
"""Elements whose class attribute holds one of these, in any case, are a shop's markup."""
SHOP_MIN_ELEMENTS = 3
"""A page with this many cart or price elements is a shop's page (a blog may show one price)."""
COLLECTION_MIN_PRICES = 6
"""A shop page showing this many prices lists products rather than selling one (a product page
shows its price, a crossed-out one and a few in its cross-sells)."""
LISTING_URL = regex.compile(
    r"^/?$|^/(?:[a-z]{2}/)?(?:news|blog|articles|posts|stories|latest|recent|trending|archive|"
    r"events|issues)/?$|/(?:tags?|topics?|list|search|page/\d+)(?:/|$)|/list_of_|/recent$",
    regex.I,
)
LISTING_TYPES = frozenset(("collectionpage", "itemlist", "searchresultspage"))
HOME_PATH = regex.compile(r"^/?$")
HOME_MIN_STORIES = 3
"""A home page is a listing when it shows at least this many stories (``<article>`` elements
or dated items); one that shows none is an organisation's front page, a service page. On the
tune part of wcxb-dev, 26 of the 36 home pages without stories are service pages and 4 listings;
6 of the 9 with stories are listings."""
LISTING_MIN_ARTICLES = 10
"""A page with no article evidence and this many ``<article>`` elements lists stories (a
story page's related-story and comment boxes are ``<article>``s too: up to 9 on tune pages)."""
ARTICLES = etree.XPath("count(//article)")
PUBLISHED = etree.XPath(
    "//meta[@property='article:published_time' or @name='date' or @itemprop='datePublished'"
    " or @name='pubdate' or @property='og:article:published_time']/@content"
    " | //*[@itemprop='datePublished'] | //time[@datetime]"
)
GENERATOR = etree.XPath("//meta[@name='generator']/@content")
LONG_READ_WORDS = 800
"""A page with no declared type and this many words in long paragraphs reads as a story: on
the tune part, half the undeclared articles and one in seven undeclared service pages."""
STORY_SLUG_WORDS = 5
"""A URL whose last segment runs this many words names one piece of writing
("comparing-6-types-of-plumbing-pipes", "whats-difference-between-certificate-and-certification"):
how blogs and content systems name a story. On the tune part of wcxb-dev, 8 of the 13 articles
typed service have one, against 2 of the 81 other pages typed service (a product's name, left out
by ``SLUG_PROSE_WORDS``, and a page under ``/services/``); 4 words name services as often
("individual-family-health-insurance", "treadmill-repair-kankakee-il": 6 service pages, no
article)."""
SLUG_PROSE_WORDS = 100
"""A story-slug page is a story when its long paragraphs (``LONG_PARAGRAPH_WORDS``) hold this
many words, two or three of them: the six tune articles it retypes hold 151-622, the product
page with a long slug none (its copy is short lines), and the two story-slug articles without
them lose nothing as service pages (a list of games, a class's timetable)."""
SLUG_WORD = regex.compile(r"[^\W_]+")
SLUG_SUFFIX = regex.compile(r"\.(?:s?html?|php|aspx?|jsp)$", regex.I)
DATELINE_MAX_WORDS = 15
"""A block of at most this many words holding a dated day is a dateline or a byline ('Posted
Friday, February 13, 2009 3:45 PM ET', 'By A. Writer, 18 Feb 2005'); a longer one is a
sentence that mentions a date."""
SERVICE_URL = regex.compile(
    r"/(?:services?|solutions?|pricing|plans|about|contact|courses?|programs?|departments?|"
    r"offers?|insurance|treatments?|care|packages)(?:/|[._-]|$)",
    regex.I,
)


def page_type(
    tree: etree._Element | None,
    url: str | None = None,
    blocks: Callable[[], list[Block]] | None = None,
    signals: PageSignals | None = None,
) -> PageType:
    """The type of an HTML page (its parsed tree, before pruning) and its URL.

    The tests run from the most specific evidence to the weakest: forum and documentation
    software and URLs, a declared story type, shop markup, listing shapes, article evidence;
    a page with none of them is a service page. ``blocks`` gives the page's text blocks when
    a test needs them (extraction passes the page's shared ones: ``document_blocks``), and
    ``signals`` its ``page_signals`` when the caller has them.
    """
    if tree is None:
        return url_page_type(url)
    page = Evidence(tree, url, blocks or partial(body_blocks, tree), signals)
    for kind, test in TESTS:
        if test(page):
            return kind
    return "service"


def url_page_type(url: str | None) -> PageType:
    """The type a URL's shape alone says (a text dump's only evidence), else ``unknown``."""
    if not url:
        return UNKNOWN
    host, path = url_parts(url)
    if FORUM_URL.search(path) or FORUM_HOST.search(host):
        return "forum"
    if DOCS_URL.search(path) or DOCS_HOST.search(host):
        return "documentation"
    if PRODUCT_URL.search(path):
        return "product"
    return UNKNOWN


def url_parts(url: str | None) -> tuple[str, str]:
    """(host, path) of a URL, lower-cased host; empty strings for no URL."""
    if not url:
        return "", ""
    parts = urlsplit(url if "//" in url else f"//{url}")
    return (parts.hostname or "").lower(), parts.path or "/"


class Evidence:
    """What the tests read of one page, each piece computed when first asked for."""

    def __init__(
        self,
        tree: etree._Element,
        url: str | None,
        blocks: Callable[[], list[Block]],
        signals: PageSignals | None = None,
    ) -> None:
        self.tree = tree
        self.blocks = blocks
        self.host, self.path = url_parts(url)
        self.signals: PageSignals = signals or page_signals(tree)
        self.generator = " ".join(str(g) for g in GENERATOR(tree))
        self._classes: tuple[int, bool] | None = None
        self._long_words: int | None = None

    @property
    def types(self) -> frozenset[str]:
        return self.signals.types

    def declares(self, names: Iterable[str]) -> bool:
        return bool(self.types & frozenset(names))

    @property
    def shop_elements(self) -> int:
        """Elements whose class names a cart or a price (``SHOP_CLASS_NAMES``)."""
        return self.class_marks()[0]

    @property
    def names_docs_classes(self) -> bool:
        """Whether a class attribute holds one of ``DOCS_CLASS_NAMES``."""
        return self.class_marks()[1]

    @property
    def long_paragraph_words(self) -> int:
        """Words in the page's paragraphs of ``LONG_PARAGRAPH_WORDS`` or more."""
        if self._long_words is None:
            counts = (len(p.text_content().split()) for p in self.tree.iter("p"))
            self._long_words = sum(n for n in counts if n >= LONG_PARAGRAPH_WORDS)
        return self._long_words

    def class_marks(self) -> tuple[int, bool]:
        """What the shop and documentation tests read of the class attributes, in one pass
        over them in Python (two XPath searches with ``translate`` and ``contains`` took
        three times as long)."""
        if self._classes is None:
            values = CLASS_NAMES(self.tree)
            joined = "\n".join(values)  # no class name sought holds a line break
            docs = any(name in joined for name in DOCS_CLASS_NAMES)
            shop = 0
            if any(name in joined.lower() for name in SHOP_CLASS_NAMES):  # most pages: none
                lowered = (names.lower() for names in values)
                shop = sum(any(name in names for name in SHOP_CLASS_NAMES) for names in lowered)
            self._classes = shop, docs
        return self._classes


def is_forum(page: Evidence) -> bool:
    return (
        page.declares(DISCUSSION_TYPES - {"question"})
        or bool(FORUM_SOFTWARE.search(page.generator))
        or bool(FORUM_URL.search(page.path))
        or bool(FORUM_HOST.search(page.host) and page.path.count("/") > 1)
    )


def is_documentation(page: Evidence) -> bool:
    return (
        page.declares(DOCS_TYPES)
        or bool(DOCS_SOFTWARE.search(page.generator))
        or bool(DOCS_HOST.search(page.host))
        or bool(DOCS_URL.search(page.path) and not page.declares(ARTICLE_TYPES - {"article"}))
        or (page.names_docs_classes and bool(DOCS_MARKUP(page.tree)))
    )


def is_story(page: Evidence) -> bool:
    return page.declares(STORY_TYPES)


def is_collection(page: Evidence) -> bool:
    shop = page.declares(PRODUCT_TYPES | SHOP_TYPES) or page.shop_elements >= SHOP_MIN_ELEMENTS
    if not shop:
        return False
    return (
        page.declares(COLLECTION_TYPES)
        or bool(COLLECTION_URL.search(page.path))
        or (
            not page.declares(PRODUCT_TYPES)
            and not has_article_evidence(page)
            and page.shop_elements >= COLLECTION_MIN_PRICES
        )
    )


def is_product(page: Evidence) -> bool:
    return page.declares(PRODUCT_TYPES) or bool(
        PRODUCT_URL.search(page.path) and page.shop_elements >= SHOP_MIN_ELEMENTS
    )


def is_listing(page: Evidence) -> bool:
    if page.host and LISTING_URL.search(page.path):
        return not HOME_PATH.match(page.path) or shows_stories(page)
    return not has_article_evidence(page) and (
        page.declares(LISTING_TYPES) or ARTICLES(page.tree) >= LISTING_MIN_ARTICLES
    )


def shows_stories(page: Evidence) -> bool:
    return max(ARTICLES(page.tree), len(PUBLISHED(page.tree))) >= HOME_MIN_STORIES


def has_article_evidence(page: Evidence) -> bool:
    return "article" in page.types or page.declares(ARTICLE_TYPES) or bool(PUBLISHED(page.tree))


def is_article(page: Evidence) -> bool:
    if SERVICE_URL.search(page.path):
        return False
    return has_article_evidence(page)


def is_long_read(page: Evidence) -> bool:
    """Many words in long paragraphs: a story that declares nothing (a service page's copy
    is shorter and broken up by headings, cards and calls to action)."""
    return page.long_paragraph_words >= LONG_READ_WORDS


def is_slug_story(page: Evidence) -> bool:
    """A URL named as a story is (``STORY_SLUG_WORDS``) over some long paragraphs
    (``SLUG_PROSE_WORDS``): an undeclared guide or blog post, which the block classifier,
    reading it as a service page, trimmed of its lists and closing paragraphs."""
    if SERVICE_URL.search(page.path):
        return False
    segment = SLUG_SUFFIX.sub("", page.path.rstrip("/").rsplit("/", 1)[-1])
    if len(SLUG_WORD.findall(segment)) < STORY_SLUG_WORDS:
        return False
    return page.long_paragraph_words >= SLUG_PROSE_WORDS


def is_dated_story(page: Evidence) -> bool:
    """A block that is a dated line: a story that declares nothing (older news templates, which
    predate og:type and JSON-LD, print their dateline instead). On the tune part of wcxb-dev,
    6 of the 63 undeclared service pages show one, and 20 of the 33 undeclared articles."""
    if SERVICE_URL.search(page.path):
        return False
    return any(
        len(block.text.split()) <= DATELINE_MAX_WORDS and DATED.search(block.text)
        for block in page.blocks()
    )


TESTS = (
    ("forum", is_forum),
    ("documentation", is_documentation),
    ("article", is_story),
    ("collection", is_collection),
    ("product", is_product),
    ("listing", is_listing),
    ("article", is_article),
    ("article", is_long_read),
    ("article", is_dated_story),
    ("article", is_slug_story),
)
