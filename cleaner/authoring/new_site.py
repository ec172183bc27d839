"""`cleaner new-site DOMAIN --from PAGE...`: a drafted rule file and a golden fixture, for review.

Writes ``rules/sites/DOMAIN.toml`` (drafted by ``cleaner.authoring.suggest`` from the
pages) and the first page as ``fixtures/DOMAIN/<name>.html|txt`` with the expected files the
golden test compares against (``.expected.txt``: the body the draft gives;
``.expected.json``: the URL to clean it with, title, metadata and sites). Nothing is
overwritten: if any target exists, nothing is written at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import regex

from cleaner.authoring.suggest import draft_rule_file, schema_reference
from cleaner.document import Document
from cleaner.rulebook.load import Rulebook, bundled_rules_dir

SAFE_NAME = regex.compile(r"[^A-Za-z0-9._-]+")
DOMAIN = regex.compile(r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$")
MAX_NAME_CHARS = 60


class SiteExists(Exception):
    """A target file exists already (or the domain cannot name a file); nothing was written."""


def fixture_name(doc: Document) -> str:
    stem = Path(doc.id or "page").name
    for suffix in (".html", ".htm", ".txt"):
        stem = stem.removesuffix(suffix)
    return SAFE_NAME.sub("-", stem).strip("-.")[:MAX_NAME_CHARS] or "page"


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
) -> list[Path]:
    """Write the draft and the fixture; return the paths written.

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
    draft = draft_rule_file([d.raw for d in docs], domain, reference, [d.kind for d in docs])
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
        meta = {"url": fixture_url, "title": doc.title, "metadata": doc.metadata,
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
