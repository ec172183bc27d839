"""`cleaner new-site DOMAIN --from PAGE...`: a drafted rule file and a golden fixture, for review.

Writes ``rules/sites/DOMAIN.toml`` (drafted by ``cleaner.authoring.suggest`` from the
pages) and golden cases ``fixtures/DOMAIN/<name>.html|txt`` with the expected files the
golden test compares against (``.expected.txt``: the body the draft gives;
``.expected.json``: the URL to clean it with, title, metadata and sites). The first page is
a case; from HTML pages, so is one page of each further template era the draft names, so that
every drafted selector matches some fixture page (what ``cleaner test-rules`` lints). Nothing
is overwritten: if any target exists, nothing is written at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import regex

from cleaner.authoring.suggest import draft_rule_file, schema_reference
from cleaner.document import Document
from cleaner.rulebook.load import Rulebook, bundled_rules_dir, rule_file_from_text
from cleaner.rulebook.rules import RuleFile
from cleaner.text import normalize, squash_whitespace

SAFE_NAME = regex.compile(r"[^A-Za-z0-9._-]+")
TITLE_SEPARATOR = regex.compile(r"\s+(?:[|\-–—:»·]{1,2})\s+")
"""Between a headline and the site's name in a <title> ('Headline | Example News')."""
TITLE_AGREE_MIN_WORDS = 3
"""Two titles agree when equal, or when one holds the other and the shorter has at least this
many words: 'News' is inside any title, a three-word headline is not there by chance."""
DOMAIN = regex.compile(r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$")
MAX_NAME_CHARS = 60


class SiteExists(Exception):
    """A target file exists already (or the domain cannot name a file); nothing was written."""


def fixture_name(doc: Document) -> str:
    stem = Path(doc.id or "page").name
    for suffix in (".html", ".htm", ".txt"):
        stem = stem.removesuffix(suffix)
    return SAFE_NAME.sub("-", stem).strip("-.")[:MAX_NAME_CHARS] or "page"


@dataclass
class TitleSources:
    """What a page says its title is: its ``<title>``, ``og:title`` and first ``<h1>``."""

    title: str = ""
    og_title: str = ""
    h1: str = ""

    @classmethod
    def of(cls, html: str) -> TitleSources:
        from cleaner.html.parse import PageError, parse_html

        try:
            tree = parse_html(html)
        except PageError:
            return cls()
        og = tree.xpath("//meta[@property='og:title']/@content")
        h1s = (squash_whitespace(h.text_content()) for h in tree.iter("h1"))
        return cls(
            squash_whitespace(tree.findtext(".//title") or ""),
            squash_whitespace(str(og[0])) if og else "",
            next((h for h in h1s if h), ""),
        )

    def named(self) -> list[tuple[str, str]]:
        return [(n, v) for n, v in (("<title>", self.title), ("og:title", self.og_title),
                                    ("<h1>", self.h1)) if v]  # fmt: skip

    def support(self, text: str, besides: str = "") -> int:
        """How many of the sources (other than ``besides``) agree with ``text``. The <title>
        agrees through its headline part only: its other parts name the site or a section
        ('Headline - Celebrity Gossip | Arts And Entertainment'), which a heading may repeat."""
        return sum(titles_agree(text, self.headline() if n == "<title>" else v)
                   for n, v in self.named() if n != besides)  # fmt: skip

    def headline(self) -> str:
        """The longest part of the <title> between separators (the site's name cut off)."""
        return max(TITLE_SEPARATOR.split(self.title), key=len) if self.title else ""


def titles_agree(a: str, b: str) -> bool:
    a, b = sorted((normalize(a), normalize(b)), key=len)
    return bool(a) and (a == b or (a in b and len(a.split()) >= TITLE_AGREE_MIN_WORDS))


def fixture_title(found: str, html: str) -> tuple[str, str | None]:
    """The title the fixture records, and a note when it is not the one the cleaner found.

    The cleaner's title stands when the page's own sources back it as well as any other
    candidate does (one source less: the cleaner read it from one of them); else the best
    backed of the ``<h1>``, og:title and the <title>'s headline part is recorded.
    """
    sources = TitleSources.of(html)
    if not sources.named():
        return found, None
    candidates = [("<h1>", sources.h1), ("og:title", sources.og_title),
                  ("<title>", sources.headline())]  # fmt: skip
    scored = [(sources.support(text, name), text) for name, text in candidates if text]
    backing, best = max(scored, key=lambda item: item[0])  # the first of equals wins
    if found and sources.support(found) - 1 >= backing:
        return found, None
    said = ", ".join(f"{name} {text!r}" for name, text in sources.named())
    if backing == 0:
        return found, (
            f"the title {found!r} agrees with none of the page's ({said}), nor do they agree "
            "with each other: check the fixture's title"
        )
    return best, (
        f"the cleaner reads the title {found!r}, but the page's sources agree on {best!r} "
        f"({said}): the fixture holds that; give the draft an html.title selector that finds it"
    )


def rule_path(root: Path, domain: str) -> Path:
    return root / "rules" / "sites" / f"{domain}.toml"


def case_paths(root: Path, domain: str, name: str, kind: str) -> dict[str, Path]:
    """The page and expected files of one golden case."""
    case = root / "fixtures" / domain / name
    suffix = ".html" if kind == "html" else ".txt"
    return {
        "page": case.with_name(case.name + suffix),
        "body": case.with_name(case.name + ".expected.txt"),
        "meta": case.with_name(case.name + ".expected.json"),
    }


def case_names(pages: list[Document]) -> list[str]:
    """One fixture name per page, numbered where two pages would share one."""
    names: list[str] = []
    for page in pages:
        name, number = fixture_name(page), 1
        while name in names:
            number += 1
            name = f"{fixture_name(page)}-{number}"
        names.append(name)
    return names


def drafted_site(toml: str, path: Path) -> RuleFile:
    """The draft as a rule file, to find its pages by URL and its selectors in them, before
    anything is written: read as the rulebook reads a file (the draft was checked when it was
    made)."""
    return rule_file_from_text(path, toml)


def era_pages(
    docs: list[Document], site: RuleFile, url_of: Callable[[Document], str]
) -> tuple[list[Document], list[str]]:
    """The pages to make golden cases of, and the selectors none of the pages matches.

    The first page, then, while a drafted selector matches none of the chosen pages, the page
    of the site that matches most of those still open (the first of equals): a site's template
    eras each need their own body, strip and title selectors, and one page per era is what
    lets ``cleaner test-rules`` tell a used selector from a dead one.
    """
    from cleaner.authoring.lint import selectors_found, site_selectors
    from cleaner.html.parse import PageError, parse_html

    chosen, selectors = [docs[0]], site_selectors(site)
    if docs[0].kind != "html" or not selectors:
        return chosen, []
    site_book = Rulebook([site])
    found: list[set] = []
    for doc in docs:
        try:
            claimed = doc.kind == "html" and site in site_book.sites_for_url(url_of(doc))
            found.append(selectors_found(selectors, parse_html(doc.raw)) if claimed else set())
        except PageError:
            found.append(set())
    open_ = set(selectors) - found[0]
    while open_:
        best = max(range(len(docs)), key=lambda i: len(found[i] & open_))  # the first of equals
        if not found[best] & open_:
            break
        chosen.append(docs[best])
        open_ -= found[best]
    missed = [f"html.{key} selector {s.source!r}" for key, s in selectors if (key, s) in open_]
    return chosen, missed


def rulebook_with(root: Path, bundled_sites: bool = True) -> Rulebook:
    """The bundled rules plus the root's own rules folder (once, if it is the bundled one)."""
    own = root / "rules"
    if not own.is_dir() or own.resolve() == bundled_rules_dir().resolve():
        return Rulebook.load(bundled_sites=bundled_sites)
    return Rulebook.load([own], bundled_sites=bundled_sites)


def new_site(
    domain: str,
    docs: list[Document],
    root: Path,
    url: str | None = None,
    bundled_sites: bool = True,
    notes: list[str] | None = None,
    guard: bool = True,
) -> list[Path]:
    """Write the draft and its golden cases; return the paths written. What the author should
    check (a title the page's own sources contradict) is appended to ``notes``.

    ``bundled_sites=False`` (``--no-bundled-sites``) drafts for a domain a bundled file covers,
    to compare the draft with it.
    """
    from cleaner.io.writer import write_text_atomic

    domain = domain.lower().strip()
    if not DOMAIN.match(domain):
        raise SiteExists(f"{domain!r} is not a domain name (like example.com)")
    rulebook = rulebook_with(root, bundled_sites)
    covering = rulebook.sites_for_url(f"https://{domain}/")
    if covering:
        raise SiteExists(f"{covering[0].path}: covers {domain} already; edit that file instead")
    rules = rule_path(root, domain)
    refuse_taken([rules, *case_paths(root, domain, fixture_name(docs[0]), docs[0].kind).values()])
    if domain in rulebook.by_name:  # the draft's rule ids would clash with that file's
        raise SiteExists(f"{rulebook.by_name[domain][0].path}: is named {domain} already")
    reference = schema_reference(rules)
    kinds = [d.kind for d in docs]
    draft = draft_rule_file([d.raw for d in docs], domain, reference, kinds, guard)

    def url_of(page: Document) -> str:
        return url or page.url or f"https://{domain}/"

    pages, missed = era_pages(docs, drafted_site(draft.toml, rules), url_of)
    cases = [(page, case_paths(root, domain, name, page.kind))
             for page, name in zip(pages, case_names(pages), strict=True)]  # fmt: skip
    refuse_taken([path for _, paths in cases for path in paths.values()])
    if notes is not None:
        notes += [f"{rules}: {m} matches none of the pages: test-rules will say so" for m in missed]
    for path in [rules, *(p for _, paths in cases for p in paths.values())]:
        path.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        write_text_atomic(rules, draft.toml, overwrite=False)
        written.append(rules)
        rulebook = rulebook_with(root, bundled_sites)
        for page, paths in cases:
            texts = case_texts(page, url_of(page), rulebook, domain, paths["meta"], notes)
            for key, text in texts.items():
                write_text_atomic(paths[key], text, overwrite=False)
                written.append(paths[key])
    except BaseException as exc:
        for path in written:  # whatever went wrong, leave no half-made site behind
            path.unlink(missing_ok=True)
        if isinstance(exc, FileExistsError):
            raise SiteExists(f"{exc.filename}: exists already; nothing was written") from exc
        raise
    return written


def refuse_taken(paths: list[Path]) -> None:
    taken = [str(p) for p in paths if p.exists()]
    if taken:
        raise SiteExists(f"{taken[0]}: exists already; nothing was written")


def case_texts(
    page: Document,
    url: str,
    rulebook: Rulebook,
    name: str,
    meta_path: Path,
    notes: list[str] | None,
) -> dict[str, str]:
    """A golden case's files: the page, and what the draft makes of it (its body, and its
    URL, title, metadata and sites, the title checked against the page's own)."""
    from cleaner.pipeline import clean

    doc = clean(page.raw, url, kind=page.kind, rulebook=rulebook)
    if name not in doc.sites:
        raise SiteExists(f"{url} does not match {name}; nothing was written")
    title, note = fixture_title(doc.title or "", page.raw) if page.kind == "html" else (
        doc.title, None)  # fmt: skip
    if note and notes is not None:
        notes.append(f"{meta_path}: {note}")
    meta = {"url": url, "title": title, "metadata": doc.metadata, "sites": doc.sites}
    return {
        "page": page.raw,
        "body": doc.text + "\n",
        "meta": json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
    }
