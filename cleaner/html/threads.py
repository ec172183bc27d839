"""A Discourse thread's posts, read from the crawler view it serves inside ``<noscript>``.

Discourse draws a thread with JavaScript; the posts' text reaches a crawler only in a
``<noscript>`` block, one ``crawler-post`` element per post (author, time, the post). The page
lines, the reference text and the block classifier skip ``<noscript>`` (elsewhere it holds
tracking pixels and "enable JavaScript" notes), and trafilatura, reading that view as an
article, kept one long post and dropped the rest on some threads. So the view is unwrapped
into the page, and its posts, in order, are the page's text: on the tune part of wcxb-dev's
forum pages (12 Discourse threads) this read them at word F1 0.94 on average against 0.91 for
the reading it replaces; no page of another type has a crawler view.
"""

from __future__ import annotations

import lxml.etree as etree

from cleaner.html.lines import element_lines
from cleaner.html.prune import outermost

CRAWLER_POSTS = etree.XPath(
    "//body//*[contains(concat(' ', normalize-space(@class), ' '), ' crawler-post ')]"
)
"""Discourse's crawler view marks every post so (its author and time ride inside it)."""
POST_CHROME = frozenset(("position", "interactionStatistic"))
"""``itemprop`` of a post's number in the thread and its like count ("6 Likes"); with the
"onebox" (the preview of a linked page, that page's own blurb) what a post shows but its
author did not write."""


def unwrap_crawler_view(tree: etree._Element) -> None:
    """Make the ``<noscript>`` blocks that hold a thread's posts plain parts of the page."""
    for post in CRAWLER_POSTS(tree):
        for view in post.iterancestors("noscript"):
            view.drop_tag()


def thread_lines(tree: etree._Element) -> list[str] | None:
    """The thread's posts, one block a line, without link previews; None on other pages."""
    posts = outermost(CRAWLER_POSTS(tree))
    if not posts:
        return None
    lines = [line for post in posts for line in element_lines(post, is_post_chrome)]
    return lines or None


def is_post_chrome(element: etree._Element) -> bool:
    """What Discourse draws in a post that the author did not write (``POST_CHROME``)."""
    return (
        element.get("itemprop") in POST_CHROME or "onebox" in (element.get("class") or "").split()
    )
