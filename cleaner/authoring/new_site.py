"""`cleaner new-site DOMAIN --from PAGE...`: a drafted rule file and a golden fixture, for review.

Writes ``rules/sites/DOMAIN.toml`` (drafted by ``cleaner.authoring.suggest`` from the
pages) and the first page as ``fixtures/DOMAIN/<name>.html|txt`` with the expected files the
golden test compares against (``.expected.txt``: the body the draft gives;
``.expected.json``: the URL to clean it with, title, metadata and sites). Nothing is
overwritten: if any target exists, nothing is written at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import regex

from cleaner.authoring.suggest import draft_rule_file, schema_reference
from cleaner.document import Document
from cleaner.rulebook.load import Rulebook, bundled_rules_dir
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
        """How many of the sources (other than ``besides``) agree with ``text``."""
        return sum(titles_agree(text, v) for n, v in self.named() if n != besides)

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


def targets(root: Path, domain: str, doc: Document) -> dict[str, Path]:
    case = root / "fixtures" / domain / fixture_name(doc)
    suffix = ".html" if doc.kind == "html" else ".txt"
    return {
        "rules": root / "rules" / "sites" / f"{domain}.toml",
        "page": case.with_name(case.name + suffix),
        "body": case.with_name(case.name + ".expected.txt"),
        "meta": case.with_name(case.name + ".expected.json"),
    }


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
    """Write the draft and the fixture; return the paths written. What the author should
    check (a title the page's own sources contradict) is appended to ``notes``.

    ``bundled_sites=False`` (``--no-bundled-sites``) drafts for a domain a bundled file covers,
    to compare the draft with it.
    """
    from cleaner.io.writer import write_text_atomic
    from cleaner.pipeline import clean

    domain = domain.lower().strip()
    if not DOMAIN.match(domain):
        raise SiteExists(f"{domain!r} is not a domain name (like example.com)")
    rulebook = rulebook_with(root, bundled_sites)
    covering = rulebook.sites_for_url(f"https://{domain}/")
    if covering:
        raise SiteExists(f"{covering[0].path}: covers {domain} already; edit that file instead")
    page = docs[0]
    paths = targets(root, domain, page)
    taken = [str(p) for p in paths.values() if p.exists()]
    if taken:
        raise SiteExists(f"{taken[0]}: exists already; nothing was written")
    if domain in rulebook.by_name:  # the draft's rule ids would clash with that file's
        raise SiteExists(f"{rulebook.by_name[domain][0].path}: is named {domain} already")
    reference = schema_reference(paths["rules"])
    kinds = [d.kind for d in docs]
    draft = draft_rule_file([d.raw for d in docs], domain, reference, kinds, guard)
    name, toml = domain, draft.toml
    fixture_url = url or page.url or f"https://{domain}/"
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        write_text_atomic(paths["rules"], toml, overwrite=False)
        written.append(paths["rules"])
        rulebook = rulebook_with(root, bundled_sites)
        doc = clean(page.raw, fixture_url, kind=page.kind, rulebook=rulebook)
        if name not in doc.sites:
            raise SiteExists(f"{fixture_url} does not match {domain}; nothing was written")
        title, note = fixture_title(doc.title or "", page.raw) if page.kind == "html" else (
            doc.title, None)  # fmt: skip
        if note and notes is not None:
            notes.append(f"{paths['meta']}: {note}")
        meta = {"url": fixture_url, "title": title, "metadata": doc.metadata,
                "sites": doc.sites}  # fmt: skip
        for key, text in (
            ("page", page.raw),
            ("body", doc.text + "\n"),
            ("meta", json.dumps(meta, ensure_ascii=False, indent=2) + "\n"),
        ):
            write_text_atomic(paths[key], text, overwrite=False)
            written.append(paths[key])
    except BaseException as exc:
        for path in written:  # whatever went wrong, leave no half-made site behind
            path.unlink(missing_ok=True)
        if isinstance(exc, FileExistsError):
            raise SiteExists(f"{exc.filename}: exists already; nothing was written") from exc
        raise
    return written
