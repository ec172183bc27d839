"""Which extraction an HTML page gets, chosen from what the page is.

trafilatura is tuned for articles: on listings, product pages, forums and service pages it drops
link-heavy teasers, specification tables and short posts that are the page's main content. A
page with no site ``body`` rule is therefore read two ways, and this module picks one:

- trafilatura's text (the article reading), or its recall-favouring reading when the default
  kept little of the page, and
- the page's main container (``<main>``, ``role=main``) read whole, minus the template's
  navigation, header, footer, sidebars and forms (the container reading).

The choice comes from the page itself: its ``og:type``, its JSON-LD and schema.org
``@type`` / ``itemtype`` (articles and products keep trafilatura's reading), whether it declares
a main container, and how much of that container trafilatura kept. Thresholds were chosen on
the tune part of wcxb-dev (bench/README.md); the held-apart part only reports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import lxml.etree as etree
import regex

from cleaner.html.lines import element_lines
from cleaner.html.references import LD_SCRIPTS

Reading = Literal["trafilatura", "recall", "container"]

ARTICLE_TYPES = frozenset(
    ("article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "techarticle", "scholarlyarticle", "liveblogposting", "posting",
     "socialmediaposting", "report", "reviewnewsarticle", "backgroundnewsarticle")
)  # fmt: skip
"""schema.org types (lower-cased) of pages whose main content is one article."""
STORY_TYPES = ARTICLE_TYPES - {"article"}
"""The specific article types (NewsArticle, BlogPosting, ...): a page declaring one is a story
even when it lists products (a best-of review) or links to many others. The plain ``Article``
is what site-wide SEO plugins put on every page, so it is weaker evidence."""
DISCUSSION_TYPES = frozenset(("discussionforumposting", "qapage", "question"))
"""schema.org types of forum threads and Q&A pages: their posts sit in comment-like
containers, which the generic strip list (comment sections) would remove."""
PRODUCT_TYPES = frozenset(("product", "productgroup", "offer", "aggregateoffer"))
"""schema.org types of product pages: their containers hold galleries, option pickers and
cross-sells, so the container reading loses to trafilatura there (tune part: 0.62 vs 0.66)."""
LD_TYPE = regex.compile(r'"@type"\s*:\s*(?:\[\s*)?"([A-Za-z]+)"')
ITEMTYPE = etree.XPath("//*[@itemtype]/@itemtype")
OG_TYPE = etree.XPath("//meta[@property='og:type']/@content")
MAIN_CONTAINERS = (
    etree.XPath("//main"),
    etree.XPath("//*[@role='main']"),
)
TEMPLATE_TAGS = ("nav", "header", "footer", "aside", "form", "dialog", "menu")
TEMPLATE_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search"))
TEMPLATE_TOKENS = regex.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|cookie|cookies|consent|"
    r"share|sharing|social|newsletter|subscribe|skip-link|footer|header|masthead|pagination|"
    r"modal|popup|banner|advert|ads?)(?:$|[\s_-])",
    regex.I,
)
"""Class or id tokens of template parts inside a main container (menus, share bars, ads)."""


@dataclass(frozen=True)
class PageSignals:
    """What the page says about itself: og:type, JSON-LD @type and itemtype names, lower-cased."""

    types: frozenset[str]

    @property
    def is_article(self) -> bool:
        return bool(self.types & ARTICLE_TYPES)

    @property
    def is_discussion(self) -> bool:
        return bool(self.types & DISCUSSION_TYPES)

    @property
    def is_product(self) -> bool:
        return bool(self.types & PRODUCT_TYPES)


def page_signals(tree: etree._Element) -> PageSignals:
    """og:type, JSON-LD ``@type`` and microdata ``itemtype`` names of a page."""
    types: set[str] = {str(v).strip().lower() for v in OG_TYPE(tree)}
    for script in LD_SCRIPTS(tree):
        types.update(t.lower() for t in LD_TYPE.findall(str(script)))
    for itemtype in ITEMTYPE(tree):
        types.add(str(itemtype).rstrip("/").rsplit("/", 1)[-1].lower())
    return PageSignals(frozenset(types))


def main_container(tree: etree._Element) -> etree._Element | None:
    """The page's declared main container (``<main>``, ``role=main``), or None."""
    for xpath in MAIN_CONTAINERS:
        found = xpath(tree)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    return None


def is_template_part(element: etree._Element) -> bool:
    """Navigation, header, footer, sidebar, form, or an element named like one."""
    if element.tag in TEMPLATE_TAGS or element.get("role") in TEMPLATE_ROLES:
        return True
    names = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(names.strip()) and TEMPLATE_TOKENS.search(names) is not None


CONTAINER_WORDS_RATIO = 1.5
"""The container reading is taken when it holds this many times trafilatura's word_total. Below
it the two readings agree on the main text and trafilatura's is the cleaner one; above it
trafilatura dropped list items, teasers or table rows the page is made of. Chosen on the
tune part of wcxb-dev among 1.2-4 (1.5: F1 0.838; 1.2: 0.837; 2: 0.836; 3: 0.831)."""

RECALL_GATE = 0.7
"""trafilatura's recall-favouring reading is tried when its default keeps under this share of
the main container's (or body's) word_total: about a quarter of wcxb-dev's pages, where its
default most often drops wanted text. Trying it on every page won 0.1 point more for twice
the extraction time (tune part: gate 0.5: F1 0.832, 0.7: 0.834, 0.9: 0.835, always: 0.837)."""
RECALL_GAIN = 1.2
"""The recall reading replaces the default when it holds this many times its word_total: a
little longer is the same text with a caption more, clearly longer is a list or section the
default dropped (tune part, always tried: 1.1 and 1.2: F1 0.837, 1.5: 0.836, 2: 0.834)."""


def container_lines(container: etree._Element | None) -> list[str]:
    """A container's text without its template parts (the container itself stays), one
    block a line. The parts are skipped, not removed: the page tree still serves metadata."""
    if container is None:
        return []
    return element_lines(container, skip=is_template_part)


def word_total(text_or_lines: str | list[str]) -> int:
    """Words of a text or of its lines (whitespace-separated)."""
    lines = [text_or_lines] if isinstance(text_or_lines, str) else text_or_lines
    return sum(len(line.split()) for line in lines)


def choose_reading(
    tree: etree._Element,
    signals: PageSignals,
    trafilatura_text: Callable[[bool], str],
    seen: dict[str, str] | None = None,
) -> tuple[Reading, str]:
    """The page's main text, and which reading gave it.

    ``trafilatura_text(favor_recall)`` runs trafilatura on the page. Its default reading
    is taken unless
    - the page declares a main container (``<main>``, ``role=main``), is neither an article
      nor a product, and the container holds well over trafilatura's word_total: the container's
      text ("container"); pages without one keep trafilatura's text, since reading ``<body>``
      instead brought the template of older news pages (big9 without site rules) in;
    - the page is not a product, trafilatura kept little of what the page's main container
      (or ``<body>``) holds and its recall-favouring reading keeps clearly more: that reading
      ("recall"). On product pages the longer reading brings option pickers and cross-sells.

    ``seen`` (when given) keeps the container's (or ``<body>``'s) text read for the choice, as
    ``container`` (or ``page``), so the body can be weighed against the readings not taken
    (``cleaner.validate.readings``) without reading the page again.
    """
    text = trafilatura_text(False)
    if signals.is_product:  # neither the container nor the recall reading applies
        return "trafilatura", text
    container = main_container(tree)
    lines = container_lines(container if container is not None else tree.find("body"))
    if seen is not None:
        seen["container" if container is not None else "page"] = "\n".join(lines)
    wider = word_total(lines) > CONTAINER_WORDS_RATIO * word_total(text)
    if container is not None and not signals.is_article and wider:
        return "container", "\n".join(lines)
    if word_total(text) < RECALL_GATE * word_total(lines):
        recall = trafilatura_text(True)
        if word_total(recall) > RECALL_GAIN * word_total(text):
            return "recall", recall
    return "trafilatura", text


def generic_strip_applies(signals: PageSignals) -> bool:
    """Whether the generic ``strip`` list runs on a page without a site ``body`` rule.

    Not on forum threads: their posts are marked up as comments (Invision Community's
    ``comment`` blocks), and stripping comment sections emptied them (wcxb-dev tune part:
    7 forum pages from F1 0.6-0.97 to under 0.12).
    """
    return not signals.is_discussion
