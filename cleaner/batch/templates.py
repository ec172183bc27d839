"""Template memory of a batch: lines that recur across many pages of one site are its template.

Hand-written site files name a site's template lines; a batch run sees many pages of each site
and can learn the same thing for every site of the crawl: a line (in its normal form) found on
``TEMPLATE_MIN_PAGES`` distinct stories or more of a site, and on at least
``TEMPLATE_MIN_SHARE`` of the site's distinct stories seen, is template there (a menu, a footer,
a newsletter box), unless the story model is sure it is story (that judgement is the reader's,
not this module's).

A story is counted once, however many times the run holds it. An exact copy of a page counted
(the same set of distinct non-blank normalised lines, or the same URL: the same record twice, a
re-crawl of a URL whose comment count changed) is left out as it is observed. Near copies (a
print copy at another address, a re-crawl whose text changed a line, a syndicated copy with
another footer) are grouped when the memory is read (``SiteLines.settle``): a page whose lines,
weighted by how rare they are on the site (``line_weights``), stand mostly on one page of a
group joins that group, and a line counts once per group. A footer on six different stories
stands on six groups; the lines of one story crawled six times stand on one. The grouping reads
the pages in the order of their contents' digests, so it does not depend on the input order.

Memory is bounded: lines are kept as 8-byte hashes, at most ``MAX_LINES_PER_SITE`` per site
(a site's lines past the cap are not counted: its first pages decide); the first
``MAX_PAGES_SEEN`` pages counted of a site keep their digests and their line keys with each
line's words (what the grouping reads; later pages are each a story of their own); at most
``MAX_SITES`` sites and ``MAX_LINES`` lines, digests and kept line keys in all, the least
recently seen site forgotten first. Beyond those caps everything depends only on the order
pages are observed in, so a run that observes its input in the same order learns the same
memory. A reader asks ``is_template(site, line)`` or ``template_share(site, lines)``.

A batch run learns the memory in a counting pass over its input before cleaning (``site_of``
keys a page by its URL's registrable domain) and ships the learned template lines, frozen
(``SiteTemplates``), to the workers: every page is judged against the same memory, whatever
the number of workers or the engine.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cleaner.domains import registrable_domain
from cleaner.text import normalize

TEMPLATE_MIN_PAGES = 3
"""Two stories sharing a line can share a quote or a wire paragraph; three share a template."""
TEMPLATE_MIN_SHARE = 0.2
"""A line on a fifth of a site's stories is template too (a section's menu, a "Related" teaser
of a big site, a template of some years of a site's history): on big9's tune sites (twenty pages
each) a fifth flagged kept junk on three times as many pages as a half did (bad pages that fail:
47% to 68%) and no good page more; a share under the three pages asked changes nothing there.
bench/site_templates.py --min-share tries others."""
MAX_LINES_PER_SITE = 20_000
"""Distinct lines remembered per site: a template is a few hundred lines; a site's first
pages fill the table, and its later stories (all new lines) would only grow it."""
MAX_PAGES_SEEN = 1_000
"""Pages per site kept to tell copies: past a thousand pages of a site the copies of one story
would have to stand on two hundred pages (``TEMPLATE_MIN_SHARE``) to make its lines template,
which no re-crawl does."""
MAX_SITES = 4_096
"""Sites remembered at once: a crawl sorted by site needs one; an unsorted one many."""
MAX_LINES = 2_000_000
"""Lines, page digests and kept line keys remembered in all sites together: each costs at most
about 90 bytes (a hash in a dict or a set; 10 bytes in a page's arrays), so the memory stays
under about 200 MB however long the run."""
NEAR_COPY_SHARE = 0.8
"""Two pages are copies of one story when the weight of the lines they share is this share of
the lighter page's weight (``line_weights``): a re-crawl, a print copy or a syndicated copy
shares nearly all of it (a changed paragraph, a comment count, another footer aside); two
stories of a site share their template, whose lines are on most pages and weigh little, and at
most a quoted paragraph. On big9 (twenty pages a site) two different stories share at most 0.62
(nymag pages of one week, whose "Latest News" lists of long teasers are the same); at 0.6 those
were grouped."""
NEAR_COPY_ANCHORS = 8
"""A page's heaviest lines that find the groups it may belong to: a copy shares its story's
heaviest lines; comparing with only the groups holding one of them keeps the grouping near
linear in the pages."""
NEAR_COPY_CANDIDATES = 4
"""Groups a page is compared with at most (those sharing most anchors first)."""
WORDS_CAP = 255
"""A line's words as the weights read them, capped (a page's words are kept in one byte)."""
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


def keyed_lines(lines: Iterable[str]) -> dict[int, int]:
    """A page's distinct non-blank lines: line key and words (at most ``WORDS_CAP``), in page
    order."""
    keyed: dict[int, int] = {}
    for line in lines:
        if line.strip():
            keyed.setdefault(line_key(line), min(len(line.split()), WORDS_CAP))
    return keyed


def page_digests(keys: Iterable[int], url: str | None = None) -> list[int]:
    """What tells an exact copy of a page: a digest of its set of line keys (order and repeats
    aside) and, with a URL, one of the URL without its fragment (a re-crawl whose text changed a
    bit). A page without lines has none: it adds nothing to count (a page of a site the counting
    pass does not read is counted without its lines)."""
    keys = sorted(set(keys))
    if not keys:
        return []
    content = digest(b"".join(key.to_bytes(8) for key in keys))
    if not url:
        return [content]
    return [content, digest(b"url:" + url.split("#", 1)[0].encode())]


@dataclass(slots=True)
class KeptPage:
    """A page counted, as the grouping reads it: its content digest, line keys and words."""

    content: int
    keys: array
    words: array


@dataclass(slots=True)
class SiteLines:
    """One site's pages seen and, for each line kept, on how many of them it stood."""

    pages: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    """Digests of the pages counted (``page_digests``), at most ``MAX_PAGES_SEEN`` pages'."""
    kept: list[KeptPage] = field(default_factory=list)
    """The first ``MAX_PAGES_SEEN`` pages counted, for the grouping (``keep``)."""
    kept_keys: int = 0
    """Line keys held by ``kept``, counted as pages are kept (``size`` asks on every page)."""
    settled: bool = True
    """Whether ``grouped`` and ``overcount`` are up to date with the pages counted."""
    grouped: int = 0
    """Pages counted that are near copies of a story counted before them (``settle``)."""
    overcount: dict[int, int] = field(default_factory=dict)
    """For a line on several pages of one group, how many pages too many it was counted on."""

    def count(self, keys: Iterable[int], max_lines: int) -> None:
        for key in keys:
            if key in self.counts:
                self.counts[key] += 1
            elif len(self.counts) < max_lines:
                self.counts[key] = 1
        self.settled = False

    def keep(self, page: KeptPage) -> None:
        """Keep a page counted for the grouping."""
        self.kept.append(page)
        self.kept_keys += len(page.keys)

    def stories(self) -> int:
        """Distinct stories counted: the pages counted less the near copies grouped."""
        self.settle()
        return self.pages - self.grouped

    def support(self, key: int) -> int:
        """On how many distinct stories the line ``key`` stood."""
        self.settle()
        return self.counts.get(key, 0) - self.overcount.get(key, 0)

    def settle(self) -> None:
        """Group the pages kept into stories (see module doc) and record, for each line on
        several pages of one group, how many times too many it was counted."""
        if self.settled:
            return
        groups = near_copy_groups(self.kept, self.counts, self.pages)
        self.grouped = sum(len(group) - 1 for group in groups)
        self.overcount = {}
        for group in groups:
            if len(group) == 1:  # a page alone counted nothing twice
                continue
            on = Counter(key for page in group for key in page.keys)
            for key, pages in on.items():
                if pages > 1 and key in self.counts:
                    self.overcount[key] = self.overcount.get(key, 0) + pages - 1
        self.settled = True

    def size(self) -> int:
        """Lines, page digests and kept line keys held: what ``MAX_LINES`` bounds."""
        return len(self.counts) + len(self.seen) + self.kept_keys

    def is_template(self, key: int) -> bool:
        seen = self.support(key)
        return seen >= TEMPLATE_MIN_PAGES and seen >= TEMPLATE_MIN_SHARE * self.stories()

    def template_lines(self) -> int:
        return sum(1 for key in self.counts if self.is_template(key))


def line_weights(page: KeptPage, counts: dict[int, int], pages: int) -> dict[int, float]:
    """Each line of ``page`` weighted by its words times how rare it is on the site (an idf,
    smoothed so that a line on every page still weighs a little: a run holding one story only
    still groups its copies)."""
    return {
        key: words * math.log((pages + 1) / max(counts.get(key, 1), 1))
        for key, words in zip(page.keys, page.words, strict=True)
    }


def near_copy_groups(kept: list[KeptPage], counts: dict[int, int], pages: int) -> list[list]:
    """The pages ``kept`` grouped into stories: in the order of their content digests, a page
    joins the first group (of those sharing one of its ``NEAR_COPY_ANCHORS`` heaviest lines)
    whose first page shares ``NEAR_COPY_SHARE`` of the lighter one's weight, or starts one."""
    groups: list[list[KeptPage]] = []
    heads: list[tuple[dict[int, float], float]] = []
    anchored: defaultdict[int, list[int]] = defaultdict(list)
    for page in sorted(kept, key=lambda page: page.content):
        weights = line_weights(page, counts, pages)
        total = sum(weights.values())
        anchors = sorted(weights, key=lambda key: (-weights[key], key))[:NEAR_COPY_ANCHORS]
        found = Counter(group for key in anchors for group in anchored.get(key, ()))
        home = next(
            (
                group
                for group, _ in found.most_common(NEAR_COPY_CANDIDATES)
                if is_near_copy(weights, total, *heads[group])
            ),
            None,
        )
        if home is not None:
            groups[home].append(page)
            continue
        for key in anchors:
            anchored[key].append(len(groups))
        groups.append([page])
        heads.append((weights, total))
    return groups


def is_near_copy(
    weights: dict[int, float], total: float, head: dict[int, float], head_total: float
) -> bool:
    """Whether two pages, their lines weighted, share ``NEAR_COPY_SHARE`` of the lighter one."""
    lighter = min(total, head_total)
    if lighter <= 0:
        return False
    shared = sum(min(weight, head[key]) for key, weight in weights.items() if key in head)
    return shared >= NEAR_COPY_SHARE * lighter


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
    """Pages left out as exact copies of a page counted."""

    def observe(self, site: str, lines: Iterable[str], url: str | None = None) -> None:
        """Count one page of ``site`` (at ``url``): each distinct non-blank line once, unless
        the page is an exact copy of one counted (see module doc)."""
        memory = self.site(site, create=True)
        keyed = keyed_lines(lines)
        digests = page_digests(keyed, url)
        if not memory.seen.isdisjoint(digests):
            self.repeated += 1
            return
        memory.pages += 1
        before = memory.size()
        if memory.pages <= self.max_pages:
            memory.seen.update(digests)
            if keyed:
                words = array("B", keyed.values())
                memory.keep(KeptPage(digests[0], array("Q", keyed), words))
        memory.count(keyed, self.max_lines)
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
        """For the run summary: sites and stories remembered (exact and near copies of a page
        counted are ``pages_repeated``), template lines learned."""
        per_site = {name: memory.template_lines() for name, memory in self.sites.items()}
        top = sorted(per_site.items(), key=lambda item: (-item[1], item[0]))[:REPORT_SITES]
        return {
            "sites": len(self.sites),
            "sites_forgotten": self.forgotten,
            "pages": sum(memory.stories() for memory in self.sites.values()),
            "pages_repeated": self.repeated + sum(m.grouped for m in self.sites.values()),
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
