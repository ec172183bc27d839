"""A forum thread's posts, read from the containers its forum software puts them in.

Discourse draws a thread with JavaScript; the posts' text reaches a crawler only in a
``<noscript>`` block, one ``crawler-post`` element per post (author, time, the post). The page
lines, the reference text and the block classifier skip ``<noscript>`` (elsewhere it holds
tracking pixels and "enable JavaScript" notes), and trafilatura, reading that view as an
article, kept one long post and dropped the rest on some threads. So the view is unwrapped
into the page, and its posts, in order, are the page's text: on the tune part of wcxb-dev's
forum pages (12 Discourse threads) this read them at word F1 0.94 on average against 0.91 for
the reading it replaces; no page of another type has a crawler view.

The other common engines (XenForo, Invision Community, vBulletin, phpBB, Simple Machines,
the Stack Exchange sites, MyBB, NodeBB) mark each post's message with a class or id of their own
(``ENGINES``); the messages, in order, without the earlier posts they quote and the
authors' signatures, are the page's text. trafilatura and the block classifier, reading such
a thread as a page, kept its template around the posts (a Stack Exchange thread's related
questions, the forum's side lists) or dropped posts; on wcxb-dev the messages read the 34
such threads of the tune part at word F1 0.886 against 0.835, and the 22 held apart at 0.906
against 0.880. MyBB and NodeBB joined later (one and three tune threads, 0.900 -> 0.906 and
0.92-0.97 -> 0.95-0.98; none held apart). A reply's block quote of an earlier post, which
no class marks (a Stack Exchange answer quoting the question), is left out too (``repeats``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import lxml.etree as etree
import regex

from cleaner.html.lines import element_lines
from cleaner.html.prune import outermost

POST_CANDIDATES = etree.XPath(
    "//body//div[contains(@class, 'crawler-post') or contains(@class, 'bbWrapper')"
    " or contains(@class, 'js-post') or contains(@class, 'postbody')"
    " or contains(@class, 'inner') or @data-role = 'commentContent'"
    " or starts-with(@id, 'post_message_') or starts-with(@id, 'pid_')"
    " or @component = 'post/content']"
    " | //body//blockquote[starts-with(@id, 'post_message_')]"
)
"""Every element that may hold a post (``ENGINES``), in one pass over the page's ``div``
elements: one pass costs what the Discourse search alone did (1.1 ms a page on wcxb-dev)."""
POST_CHROME = frozenset(("position", "interactionStatistic"))
"""``itemprop`` of a post's number in the thread and its like count ("6 Likes"); with the
"onebox" (the preview of a linked page, that page's own blurb) what a post shows but its
author did not write."""
QUOTED = regex.compile(r"(?:^|\s)(?:ips)?quote|[_-]quote(?:$|[\s_-])|signature", regex.I)
"""Class names of a quoted earlier post (``bbCodeBlock--quote``, ``ipsQuote``,
``bbcode_quote``, ``quote_container``) and of an author's signature, inside a message: the
threads' gold text leaves both out (tune part, the messages alone on every thread that has
them: forum F1 0.789 with them, as the readings they replace, and 0.810 without). Not
any name holding "quote": XenForo's posts are ``js-selectToQuote``."""


def has_class(element: etree._Element | None, name: str) -> bool:
    return element is not None and name in (element.get("class") or "").split()


def is_crawler_post(element: etree._Element) -> bool:
    return has_class(element, "crawler-post")


Finder = Callable[[list[etree._Element]], list[etree._Element]]
"""Picks a forum engine's messages out of the page's ``POST_CANDIDATES``."""


def phpbb_messages(candidates: list[etree._Element]) -> list[etree._Element]:
    """phpBB's messages: the ``content`` inside each post's ``postbody``."""
    return [
        message
        for element in candidates
        if has_class(element, "postbody")
        for message in element.iter("div")
        if has_class(message, "content")
    ]


def marked(is_message: Callable[[etree._Element], bool]) -> Finder:
    """The candidates a test accepts."""
    return lambda candidates: [e for e in candidates if is_message(e)]


ENGINES: tuple[Finder, ...] = (
    marked(lambda e: has_class(e, "bbWrapper")),  # XenForo
    marked(lambda e: e.get("data-role") == "commentContent"),  # Invision Community
    marked(lambda e: (e.get("id") or "").startswith("post_message_")),  # vBulletin 3-4
    marked(lambda e: has_class(e, "js-post__content-text")),  # vBulletin 5
    phpbb_messages,
    marked(lambda e: has_class(e, "inner") and (e.get("id") or "").startswith("msg_")),  # SMF
    marked(lambda e: has_class(e, "js-post-body")),  # Stack Exchange
    marked(lambda e: has_class(e, "post_body") and (e.get("id") or "").startswith("pid_")),  # MyBB
    marked(lambda e: e.get("component") == "post/content"),  # NodeBB
)
"""A post's message in XenForo, Invision Community, vBulletin, phpBB, Simple Machines, Stack
Exchange, MyBB and NodeBB (each marked so only by its own software: a blog's ``post`` >
``inner`` is no Simple Machines message unless the ``inner`` is its ``msg_<n>``), in the order
they are tried; the first that finds any is the page's forum software."""


@dataclass(frozen=True)
class Thread:
    """A thread's posts; ``crawler_view``: a Discourse crawler view's (inside ``<noscript>``)
    rather than a forum engine's messages."""

    posts: list[etree._Element]
    crawler_view: bool

    def skip(self, element: etree._Element) -> bool:
        """What a post shows that its author did not write: a Discourse post's chrome, or a
        quote or signature inside another engine's message."""
        return is_post_chrome(element) if self.crawler_view else is_quoted(element)


def find_thread(tree: etree._Element) -> Thread | None:
    """The page's posts: a Discourse crawler view's, else the messages of the first forum
    engine whose markup the page has (not those inside a quote or a signature: XenForo's
    signatures are messages too); None on other pages."""
    candidates = POST_CANDIDATES(tree)
    if not candidates:
        return None
    crawler = [e for e in candidates if is_crawler_post(e)]
    if crawler:
        return Thread(outermost(crawler), crawler_view=True)
    for finder in ENGINES:
        found = [e for e in finder(candidates) if not any(map(is_quoted, e.iterancestors()))]
        if found:
            return Thread(outermost(found), crawler_view=False)
    return None


def unwrap_crawler_view(thread: Thread | None) -> None:
    """Make the ``<noscript>`` blocks that hold a thread's posts plain parts of the page."""
    if thread is None or not thread.crawler_view:
        return
    for post in thread.posts:
        for view in post.iterancestors("noscript"):
            view.drop_tag()


def thread_lines(thread: Thread | None, tree: etree._Element) -> list[str] | None:
    """The thread's posts still in the page after pruning, one block a line (a Discourse
    crawler view's without link previews, another engine's messages without quotes and
    signatures, each without the block quotes that repeat an earlier post: ``repeats``);
    None on other pages."""
    if thread is None:
        return None
    root = tree.getroottree().getroot()
    posts = [p for p in thread.posts if p.getroottree().getroot() is root]
    lines: list[str] = []
    earlier = ""
    for post in posts:
        own = element_lines(post, thread.skip)
        if earlier and post.find(".//blockquote") is not None:
            skip = partial(skipped_in_reply, thread, earlier)
            lines.extend(element_lines(post, skip))
        else:
            lines.extend(own)
        earlier += "\n" + "\n".join(own)
    return lines or None


def skipped_in_reply(thread: Thread, earlier: str, element: etree._Element) -> bool:
    """What a post shows that its author did not write (``Thread.skip``), or a block quote
    of the posts above it (``repeats``)."""
    return thread.skip(element) or repeats(element, earlier)


def repeats(element: etree._Element, earlier: str) -> bool:
    """A ``<blockquote>`` every line of which an earlier post of the thread holds: a reply
    quoting the question or a post above it, marked by no class of its own (a Stack Exchange
    answer's quote of the question). On wcxb-dev's forum pages left out, they changed 5
    threads of the tune part (+0.04 of word F1 summed) and 4 held apart (+0.08)."""
    if element.tag != "blockquote":
        return False
    quoted = element_lines(element)
    return bool(quoted) and all(line in earlier for line in quoted)


def is_quoted(element: etree._Element) -> bool:
    """A quoted earlier post or a signature inside a message (``QUOTED``), or a
    ``<blockquote>`` that cites its author (phpBB's "name wrote:")."""
    if QUOTED.search(element.get("class") or ""):
        return True
    return element.tag == "blockquote" and element.find(".//cite") is not None


def is_post_chrome(element: etree._Element) -> bool:
    """What Discourse draws in a post that the author did not write (``POST_CHROME``)."""
    return (
        element.get("itemprop") in POST_CHROME or "onebox" in (element.get("class") or "").split()
    )
