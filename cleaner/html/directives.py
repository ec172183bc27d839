"""The ``[html]`` directives of a rule file, compiled once when the file loads.

A rule file's ``[html]`` table names elements by CSS or XPath: ``strip`` and
``strip_id_or_class`` remove them, ``body`` picks the article container, ``title``, ``author``
and ``date`` read metadata, and ``[[html.examples]]`` are snippets the directives must clean
as the file says. The rulebook checks the table (``cleaner.rulebook.load``) and builds an
``HtmlDirectives`` from the ``Selector`` objects it compiled while checking; nothing compiles
them again. lxml's XPath objects do not pickle, so a ``Selector`` pickles as its source and
compiles again when unpickled (the rulebook cache, batch workers).

This module imports neither the rulebook nor trafilatura: the rulebook depends on it, not the
other way round.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import lxml.etree as etree
import regex
from cssselect import GenericTranslator, SelectorError

SelectorKey = Literal["body", "strip", "strip_id_or_class", "title", "author", "date"]
SELECTOR_KEYS: tuple[SelectorKey, ...] = (
    "body", "strip", "strip_id_or_class", "title", "author", "date"
)  # fmt: skip
"""The ``[html]`` keys that hold selectors, in the order a rule file documents them."""
META_KEYS: tuple[SelectorKey, ...] = ("title", "author", "date")
"""The selector keys that read metadata rather than choose or remove elements."""
CSS = GenericTranslator()
SIMPLE_PART = regex.compile(r"^\s*([a-zA-Z][\w-]*)?(?:([.#])([\w-]+))?\s*$")
"""One ``tag``, ``.class``, ``#id`` or ``tag.class`` part of a comma-separated selector."""


def selector_xpath(selector: str) -> str:
    """XPath for a rule selector: XPath as written (starts with / . or '('), else CSS."""
    if selector.lstrip().startswith(("/", "./", "(")):
        return selector
    return CSS.css_to_xpath(selector)


def id_or_class_xpath(name: str) -> str:
    """ftr-style shorthand: elements whose id is ``name`` or whose class list holds it."""
    quoted = f"'{name}'" if "'" not in name else f'"{name}"'
    token = "concat(' ', normalize-space(@class), ' ')"
    return f"//*[@id={quoted} or contains({token}, concat(' ', {quoted}, ' '))]"


def compile_selector(selector: str, shorthand: bool = False) -> etree.XPath:
    """Compile one selector; raise ValueError with a readable reason when it is invalid."""
    try:
        source = id_or_class_xpath(selector) if shorthand else selector_xpath(selector)
        return etree.XPath(source)
    except SelectorError as exc:
        raise ValueError(f"not a valid CSS selector: {exc}") from exc
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"not a valid XPath: {exc}") from exc


class Selector:
    """One compiled selector; pickles as its source and compiles again on unpickling."""

    __slots__ = ("shorthand", "source", "xpath")

    def __init__(self, source: str, shorthand: bool = False) -> None:
        """Compile ``source``; ValueError with a readable reason when it is invalid."""
        self.source = source
        self.shorthand = shorthand
        self.xpath = compile_selector(source, shorthand)

    def __reduce__(self) -> tuple[type[Selector], tuple[str, bool]]:
        return Selector, (self.source, self.shorthand)

    def __repr__(self) -> str:
        return f"Selector({self.source!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selector):
            return NotImplemented
        return (self.source, self.shorthand) == (other.source, other.shorthand)

    def __hash__(self) -> int:
        return hash((self.source, self.shorthand))


@dataclass(frozen=True)
class SimpleSelectors:
    """``tag``, ``.class``, ``#id`` and ``tag.class`` selectors, matched in one tree walk.

    Each CSS selector becomes an XPath that scans the whole tree, so a long strip list cost
    one scan per selector; these plain forms are checked together, element by element.
    """

    tags: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    classes: dict[str, frozenset[str | None]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.tags or self.ids or self.classes)

    def matches(self, element: etree._Element) -> bool:
        if element.tag in self.tags or element.get("id") in self.ids:
            return True
        for token in (element.get("class") or "").split():
            wanted = self.classes.get(token)
            if wanted and (None in wanted or element.tag in wanted):
                return True
        return False

    def merged(self, other: SimpleSelectors) -> SimpleSelectors:
        classes = dict(self.classes)
        for name, tags in other.classes.items():
            classes[name] = classes.get(name, frozenset()) | tags
        return SimpleSelectors(self.tags | other.tags, self.ids | other.ids, classes)


@dataclass(frozen=True)
class StripPlan:
    """What ``strip`` and ``strip_id_or_class`` remove: plain selectors matched in one walk,
    and the XPaths of the others, run one by one in the order the files give them."""

    simple: SimpleSelectors = field(default_factory=SimpleSelectors)
    xpaths: tuple[etree.XPath, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.simple or self.xpaths)

    @classmethod
    def combined(cls, plans: Iterable[StripPlan]) -> StripPlan:
        """One plan for several files: their plain selectors together, their XPaths in order."""
        chosen = [plan for plan in plans if plan]
        if len(chosen) == 1:
            return chosen[0]
        simple, xpaths = SimpleSelectors(), []
        for plan in chosen:
            simple = simple.merged(plan.simple)
            xpaths += plan.xpaths
        return cls(simple, tuple(xpaths))


def simple_parts(selector: Selector) -> list[tuple[str | None, str | None, str | None]] | None:
    """The (tag, mark, name) parts of a plain selector; None when it needs its XPath."""
    if selector.shorthand:
        return [(None, "#", selector.source), (None, ".", selector.source)]
    parts = [SIMPLE_PART.match(p) for p in selector.source.split(",")]
    if "[" in selector.source or "(" in selector.source:
        return None
    if not all(p and p.group(0).strip() for p in parts):
        return None
    return [p.groups() for p in parts if p is not None]


def strip_plan(selectors: Sequence[Selector]) -> StripPlan:
    """The strip selectors split into one-walk plain ones and XPaths."""
    simple: list[tuple[str | None, str | None, str | None]] = []
    xpaths = []
    for selector in selectors:
        parts = simple_parts(selector)
        if parts is None:
            xpaths.append(selector.xpath)
        else:
            simple += parts
    classes: dict[str, set[str | None]] = {}
    for tag, mark, name in simple:
        if mark == "." and name:
            classes.setdefault(name, set()).add(tag)
    plain = SimpleSelectors(
        tags=frozenset(t for t, m, _ in simple if t and not m),
        ids=frozenset(n for _, m, n in simple if m == "#" and n),
        classes={name: frozenset(tags) for name, tags in classes.items()},
    )
    return StripPlan(plain, tuple(xpaths))


@dataclass(frozen=True)
class HtmlExample:
    """One ``[[html.examples]]`` entry: a snippet, text it must keep or drop, its title."""

    html: str
    keep: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True)
class HtmlDirectives:
    """A rule file's ``[html]`` table, its selectors compiled; empty when it has none."""

    body: tuple[Selector, ...] = ()
    strip: tuple[Selector, ...] = ()
    strip_id_or_class: tuple[Selector, ...] = ()
    title: tuple[Selector, ...] = ()
    author: tuple[Selector, ...] = ()
    date: tuple[Selector, ...] = ()
    examples: tuple[HtmlExample, ...] = ()
    removal: StripPlan = field(init=False, repr=False, compare=False)
    """``strip`` and ``strip_id_or_class`` as one plan (derived; rebuilt on unpickling)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "removal", strip_plan(self.strip + self.strip_id_or_class))

    def __bool__(self) -> bool:
        return self.has_selectors() or bool(self.examples)

    def __getstate__(self) -> dict[str, tuple]:
        return {key: getattr(self, key) for key in (*SELECTOR_KEYS, "examples")}

    def __setstate__(self, state: dict[str, tuple]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__post_init__()

    def has_selectors(self) -> bool:
        return any(self.selectors(key) for key in SELECTOR_KEYS)

    def selectors(self, key: SelectorKey) -> tuple[Selector, ...]:
        """The compiled selectors of one ``[html]`` key."""
        return getattr(self, key)

    @classmethod
    def from_table(cls, table: dict) -> HtmlDirectives:
        """Directives from an already checked ``[html]`` table of source strings (drafts);
        ValueError when a selector does not compile."""
        selectors = {
            key: tuple(Selector(s, key == "strip_id_or_class") for s in table.get(key, ()))
            for key in SELECTOR_KEYS
        }
        examples = tuple(
            HtmlExample(e["html"], tuple(e.get("keep", ())), tuple(e.get("drop", ())),
                        e.get("title"))
            for e in table.get("examples", ())
        )  # fmt: skip
        return cls(**selectors, examples=examples)
