"""Template memory of a batch: lines that recur across many pages of one site are its template.

Hand-written site files name a site's template lines; a batch run sees many pages of each site
and can learn the same thing for every site of the crawl: a line (in its normal form) found on
``TEMPLATE_MIN_PAGES`` pages or more of a site, and on at least ``TEMPLATE_MIN_SHARE`` of the
site's pages seen, is template there (a menu, a footer, a newsletter box), unless the story
model is sure it is story (that judgement is the reader's, not this module's).

A page is counted once: a copy of a page already counted for its site (the same set of
distinct non-blank normalised lines, or the same URL: the same record twice, a re-crawl of a
URL whose comment count changed) is left out, or a story in the run three times would be
template to it. So is a near copy (``near_copy_of``): a page most of whose longest lines
(paragraphs, ``STORY_LINE_MIN_WORDS``) that the site's other pages lack stood on one page
counted before (a print copy at another address, a re-crawl whose text changed a line). The
first copy in input order is the one counted.

Memory is bounded: lines are kept as 8-byte hashes, at most ``MAX_LINES_PER_SITE`` per site
(a site's lines past the cap are not counted: its first pages decide); the pages counted are
kept as 8-byte digests of their lines and of their URL, with their story-sized lines' hashes
and the page each first stood on, for at most ``MAX_PAGES_SEEN`` pages a site; at most
``MAX_SITES`` sites and ``MAX_LINES`` lines and digests in all, the least recently seen site
forgotten first.
Everything depends only on the order pages are observed in, so a run that observes its input in
the same order learns the same memory. A reader asks ``is_template(site, line)`` or
``template_share(site, lines)``.

A batch run learns the memory in a counting pass over its input before cleaning (``site_of``
keys a page by its URL's registrable domain) and ships the learned template lines, frozen
(``SiteTemplates``), to the workers: every page is judged against the same memory, whatever
the number of workers or the engine.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cleaner.authoring.domains import registrable_domain
from cleaner.text import normalize

TEMPLATE_MIN_PAGES = 3
"""Two pages sharing a line can share a quote or a wire paragraph; three share a template."""
TEMPLATE_MIN_SHARE = 0.2
"""A line on a fifth of a site's pages is template too (a section's menu, a "Related" teaser
of a big site, a template of some years of a site's history): on big9's tune sites (twenty pages
each) a fifth flagged kept junk on three times as many pages as a half did (bad pages that fail:
47% to 68%) and no good page more; a share under the three pages asked changes nothing there.
bench/site_templates.py --min-share tries others."""
MAX_LINES_PER_SITE = 20_000
"""Distinct lines remembered per site: a template is a few hundred lines; a site's first
pages fill the table, and its later stories (all new lines) would only grow it."""
MAX_PAGES_SEEN = 1_000
"""Pages per site whose digests are kept to tell copies: a copy of a later page is counted
again, but past a thousand pages of a site its copies would have to stand on two hundred pages
(``TEMPLATE_MIN_SHARE``) to make its lines template, which no re-crawl does."""
MAX_SITES = 4_096
"""Sites remembered at once: a crawl sorted by site needs one; an unsorted one many."""
MAX_LINES = 2_000_000
"""Lines and page digests remembered in all sites together: each costs about 90 bytes (a hash
in a dict or a set), so the memory stays under about 200 MB however long the run."""
STORY_LINE_MIN_WORDS = 12
"""Lines this long are a page's own text (paragraphs), what tells a near copy: menus and
buttons are shorter, and the long lines every page shares (a footer's disclaimer) stand on
more than one page counted, so they are not read."""
NEAR_COPY_LINES = 3
"""How many of a page's longest story-sized lines tell whether it is a near copy: a story's
longest lines are its paragraphs, longer than the teasers' summaries a site repeats on the
pages of a week (on big9, nymag's "Latest News" lists made pages of one week share most of
their story-sized lines, never their longest)."""
NEAR_COPY_MATCHES = 2
"""A page is a near copy of a page counted when this many of its ``NEAR_COPY_LINES`` longest
lines stood on that page alone: a re-crawl with an edited paragraph still shares the others;
two stories sharing a quote or a wire paragraph share one."""
NEAR_COPIES_MAX = 2
"""Near copies of one page left out at most. A site's second page cannot tell its long
template lines (a privacy notice on every product page of a shop) from a story's paragraphs:
only a third page does, by sharing them too. Left out, such pages would leave those lines on
one page counted and make every later page of the site a "copy" (on wcxb-dev a shop's pages
were). So a page's third near copy is counted, and its lines stand on two pages: a story in the
run five times or more still becomes template, as one in it three times did before."""
REPORT_SITES = 20
"""Sites listed in the report, most template lines first."""


def site_of(url: str | None) -> str | None:
    """The site a page counts under: its URL's registrable domain (None without a URL)."""
    return registrable_domain(url)


def line_key(line: str) -> int:
    """A line's normal form as an 8-byte hash: the memory never holds page text."""
    return digest(normalize(line).encode())


def digest(data: bytes) -> int:
    """An 8-byte hash of ``data``."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest())


def page_keys(lines: Iterable[str]) -> list[int]:
    """A page's distinct non-blank lines as line keys, in page order."""
    return list(dict.fromkeys(line_key(line) for line in lines if line.strip()))


def story_keys(lines: Iterable[str]) -> dict[int, int]:
    """A page's story-sized lines (``STORY_LINE_MIN_WORDS``): line key and words."""
    sized = ((line, len(line.split())) for line in lines)
    return {line_key(line): words for line, words in sized if words >= STORY_LINE_MIN_WORDS}


def page_digests(keys: list[int], url: str | None = None) -> list[int]:
    """What tells a copy of a page: a digest of its set of line keys (order and repeats aside)
    and, with a URL, one of the URL without its fragment (a re-crawl whose text changed a bit).
    A page without lines has none: it adds nothing to count (a page of a site the counting pass
    does not read is counted without its lines)."""
    if not keys:
        return []
    content = digest(b"".join(key.to_bytes(8) for key in sorted(set(keys))))
    if not url:
        return [content]
    return [content, digest(b"url:" + url.split("#", 1)[0].encode())]


@dataclass(slots=True)
class SiteLines:
    """One site's pages seen and, for each line kept, on how many of them it stood."""

    pages: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    """Digests of the pages counted (``page_digests``), at most ``MAX_PAGES_SEEN`` pages'."""
    owner: dict[int, int] = field(default_factory=dict)
    """For each story-sized line of the first ``MAX_PAGES_SEEN`` pages counted, the number of
    the first page it stood on: what ``near_copy_of`` reads."""
    copies: dict[int, int] = field(default_factory=dict)
    """For each page counted that near copies were found of, how many."""

    def near_copy_of(self, lines: dict[int, int]) -> int | None:
        """The number of the page counted that a page whose story-sized lines are ``lines``
        (line key: words) is a near copy of, or None: ``NEAR_COPY_MATCHES`` of its
        ``NEAR_COPY_LINES`` longest lines stood on that page, and fewer than
        ``NEAR_COPIES_MAX`` near copies of it were left out before.
        Only lines on at most one page counted are read: a line on two or more is the
        site's, not a page's."""
        own = [key for key in lines if self.counts.get(key, 0) <= 1]
        if len(own) < NEAR_COPY_LINES:
            return None
        longest = sorted(own, key=lambda key: -lines[key])[:NEAR_COPY_LINES]
        owners = Counter(self.owner[key] for key in longest if key in self.owner)
        if not owners:
            return None
        page, shared = owners.most_common(1)[0]
        if shared < NEAR_COPY_MATCHES or self.copies.get(page, 0) >= NEAR_COPIES_MAX:
            return None
        return page

    def size(self) -> int:
        """Lines, page digests and story-line owners held: what ``MAX_LINES`` bounds."""
        return len(self.counts) + len(self.seen) + len(self.owner)

    def is_template(self, key: int) -> bool:
        seen = self.counts.get(key, 0)
        return seen >= TEMPLATE_MIN_PAGES and seen >= TEMPLATE_MIN_SHARE * self.pages

    def template_lines(self) -> int:
        return sum(1 for key in self.counts if self.is_template(key))


@dataclass
class TemplateMemory:
    """Per-site counts of the lines of the pages observed, bounded (see module doc)."""

    max_sites: int = MAX_SITES
    max_lines: int = MAX_LINES_PER_SITE
    max_pages: int = MAX_PAGES_SEEN
    max_total: int = MAX_LINES
    sites: OrderedDict[str, SiteLines] = field(default_factory=OrderedDict)
    forgotten: int = 0
    """Sites dropped to keep ``max_sites`` and ``max_total``."""
    total: int = 0
    """Lines counted and page digests kept in all sites remembered."""
    repeated: int = 0
    """Pages left out as copies of a page counted."""

    def observe(self, site: str, lines: Iterable[str], url: str | None = None) -> None:
        """Count one page of ``site`` (at ``url``): each distinct non-blank line once, unless
        the page is a copy of one counted (see module doc)."""
        memory = self.site(site, create=True)
        lines = list(lines)
        keys = page_keys(lines)
        digests = page_digests(keys, url)
        story = story_keys(lines)
        if not memory.seen.isdisjoint(digests):
            self.repeated += 1
            return
        original = memory.near_copy_of(story)
        if original is not None:
            memory.copies[original] = memory.copies.get(original, 0) + 1
            self.repeated += 1
            return
        memory.pages += 1
        before = memory.size()
        if memory.pages <= self.max_pages:
            memory.seen.update(digests)
            for key in story:
                memory.owner.setdefault(key, memory.pages)
        for key in keys:
            if key in memory.counts:
                memory.counts[key] += 1
            elif len(memory.counts) < self.max_lines:
                memory.counts[key] = 1
        self.total += memory.size() - before
        while self.total > self.max_total and len(self.sites) > 1:
            self.forget_oldest()

    def forget_oldest(self) -> None:
        _, memory = self.sites.popitem(last=False)
        self.total -= memory.size()
        self.forgotten += 1

    def site(self, site: str, create: bool = False) -> SiteLines | None:
        memory = self.sites.get(site)
        if memory is not None:
            self.sites.move_to_end(site)
        elif create:
            memory = self.sites[site] = SiteLines()
            if len(self.sites) > self.max_sites:
                self.forget_oldest()
        return memory

    def is_template(self, site: str, line: str) -> bool:
        """Whether ``line`` is a template line of ``site`` by the pages observed so far."""
        memory = self.sites.get(site)
        return memory is not None and memory.is_template(line_key(line))

    def template_share(self, site: str, lines: Iterable[str]) -> float:
        """The share of the non-blank ``lines`` that are template lines of ``site``."""
        texts = [line for line in lines if line.strip()]
        memory = self.sites.get(site)
        if not texts or memory is None:
            return 0.0
        return sum(memory.is_template(line_key(line)) for line in texts) / len(texts)

    def frozen(self) -> SiteTemplates:
        """The template lines learned, per site that has any: what the cleaning workers read."""
        found = {
            name: frozenset(key for key in memory.counts if memory.is_template(key))
            for name, memory in self.sites.items()
        }
        return SiteTemplates({name: keys for name, keys in found.items() if keys})

    def report(self) -> dict[str, object]:
        """For the run summary: sites and pages remembered, template lines learned."""
        per_site = {name: memory.template_lines() for name, memory in self.sites.items()}
        top = sorted(per_site.items(), key=lambda item: (-item[1], item[0]))[:REPORT_SITES]
        return {
            "sites": len(self.sites),
            "sites_forgotten": self.forgotten,
            "pages": sum(memory.pages for memory in self.sites.values()),
            "pages_repeated": self.repeated,
            "template_lines": sum(per_site.values()),
            "top_sites": [{"site": name, "template_lines": count} for name, count in top if count],
        }


@dataclass(frozen=True)
class SiteTemplates:
    """The template lines of each site as a counting pass learned them, frozen: small (one
    8-byte hash per template line) and the same for every worker."""

    lines: dict[str, frozenset[int]] = field(default_factory=dict)

    def for_site(self, site: str | None) -> TemplateTest | None:
        """The test for ``site``'s template lines, or None when none were learned for it."""
        keys = self.lines.get(site) if site else None
        return TemplateTest(keys) if keys else None


@dataclass(frozen=True, slots=True)
class TemplateTest:
    """Whether a line is one of a site's template lines (a callable, for the pipeline)."""

    keys: frozenset[int]

    def __call__(self, line: str) -> bool:
        return line_key(line) in self.keys
