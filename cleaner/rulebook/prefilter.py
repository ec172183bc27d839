"""One hyperscan scan a line that names which of many regexes could match it: a superset.

A new line used to cost a dozen ``regex`` searches (a gate per rule file, each proposed
pattern, the junk library's unfiled patterns), each with a timeout whose two clock reads cost
more than most searches. Hyperscan compiles every pattern of a set into one automaton in its
prefilter mode (``HS_FLAG_PREFILTER``: it may report a pattern that does not match, never miss
one that does) and scans a line once; only the patterns it reports are then searched by
``regex``, under its timeout, as before. A hit is still exactly what ``regex`` says.

Hyperscan is not the ``regex`` package: case folding, ``\\w`` and property classes differ on
some characters, and some syntax means other things (``a{,3}``, ``\\m``, a fuzzy ``{e<=1}``).
So a pattern is given to hyperscan only through ``hyperscan_source``, which writes it again in
the syntax both engines read alike and widens what they read apart (a lookaround is dropped,
``\\p{Lu}`` in a caseless pattern becomes ``\\p{L}``), and refuses the rest; and a line is
scanned only when it is ``plain_line`` (printable ASCII and caseless punctuation or symbols known to
Unicode 3.2), where the two engines' character classes and case folding agree. A refused
pattern, and every pattern on a line that is not plain, stays on the lookups and gates of
``scan.py``. Without the ``hyperscan`` package (a platform with no wheel), or with
``CLEANER_NO_PREFILTER`` set (to compare), nothing changes but the speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import regex

from cleaner.rulebook.cache_folder import cache_dir, caching, store_pickle

try:  # optional: wheels exist for Linux and macOS on x86-64
    import hyperscan
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    hyperscan = None

ASCII_PROPERTIES = {
    "L": "A-Za-z",
    "LC": "A-Za-z",
    "Lu": "A-Z",
    "Ll": "a-z",
    "N": "0-9",
    "Nd": "0-9",
}
"""What a property escape holds among a plain line's characters: its letters and digits are
ASCII (``plain_char``), so ``\\p{L}`` is ``A-Za-z`` there. Written so, hyperscan compiles a
pattern in a fraction of a second, where its Unicode tables took up to a minute a pattern; a
property not here (a script, a mark, punctuation, which plain marks outside ASCII hold) is
refused."""
CASE_PROPERTIES = frozenset({"Lu", "Ll"})
"""Properties ``regex`` widens in a caseless pattern (``(?i)\\p{Lu}`` matches ``a``) but
hyperscan would not: caseless, they are written as ``\\p{L}``."""
CLASS_ESCAPES = frozenset("dDwWsS")
"""Escapes of a class both engines read alike on a plain line (ASCII and caseless marks)."""
ASSERTION_ESCAPES = frozenset("bBAZ")
"""Assertions both read alike (``\\Z`` is at most wider in hyperscan: before a final newline)."""
SAFE_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.V0
"""Compile flags a pattern may carry: the rule files' (``V0``, caseless unless told)."""
SCOPED_FLAGS = regex.compile(r"\(\?(i?)(?:-(i))?:")
"""``(?i:`` and ``(?-i:``: the one inline flag both engines scope the same way."""
QUANTIFIER = regex.compile(r"\{(\d*)(,?)(\d*)\}")
SET_OPERATIONS = ("--", "&&", "||", "~~")
"""Set operations inside a class, which ``regex`` reads in version 1: refused outright."""


OFF_SWITCH = "CLEANER_NO_PREFILTER"
"""An environment variable that, set to anything, leaves every pattern on the ``regex`` path:
the tests and benchmarks compare the two paths with it."""


class Refused(Exception):
    """A pattern whose syntax is outside what ``hyperscan_source`` can write safely."""


@cache
def plain_char(char: str) -> bool:
    """Whether both engines read ``char`` alike in every class and case: printable ASCII, or a
    punctuation mark or symbol with no case, no word, digit or space reading in ``regex``,
    matched by no ASCII character even ignoring case, and in the same category in Unicode 3.2
    (so an older table in hyperscan reads it the same). One answer a character, so the cache
    is bounded by the characters seen."""
    if char.isascii():
        return " " <= char <= "~"
    category = unicodedata.category(char)
    return (
        category[0] in "PS"
        and category != "Pc"
        and unicodedata.ucd_3_2_0.category(char) == category
        and char.lower() == char == char.upper() == char.casefold()
        and regex.match(r"[\w\s\d]", char) is None
        and not folds_to_ascii(char)
    )


@cache
def folds_to_ascii(char: str) -> bool:
    """Whether ``regex``, ignoring case, matches ``char`` to a printable ASCII character (the
    Kelvin sign to ``k``, the long s to ``s``, the dotless i to ``I``)."""
    pattern = regex.compile(regex.escape(char), regex.IGNORECASE | regex.V0)
    return any(pattern.fullmatch(chr(code)) for code in range(0x20, 0x7F))


def plain_line(form: str) -> bool:
    """Whether a line (in ``regex_form``) is one the prefilter may scan: every character
    ``plain_char``."""
    if form.isascii():
        return form.isprintable()
    return all(map(plain_char, set(form)))


def literal(char: str) -> str:
    """A literal character of a pattern, as hyperscan should read it."""
    if char.isascii():
        if not " " <= char <= "~":
            raise Refused(char)
        return char
    if folds_to_ascii(char) or not char.isprintable():
        raise Refused(char)  # regex would match it to an ASCII letter, hyperscan may not
    return char


def escaped(char: str) -> str:
    """A literal character as hyperscan reads it: ASCII punctuation and the space escaped
    (``regex.escape``'s rule, at a fraction of its cost a character)."""
    return f"\\{char}" if char.isascii() and not char.isalnum() else char


class Writer:
    """``hyperscan_source``'s reading of one pattern: a recursive descent over its syntax."""

    def __init__(self, source: str, caseless: bool) -> None:
        self.source = source
        self.i = 0
        self.caseless = caseless

    def peek(self, ahead: int = 0) -> str:
        return self.source[self.i + ahead : self.i + ahead + 1]

    def sequence(self) -> str:
        """Alternatives up to the ``)`` closing the current group (or the end)."""
        out: list[str] = []
        while self.i < len(self.source) and self.peek() != ")":
            char = self.peek()
            if char == "(":
                piece = self.group()
            elif char == "[":
                piece = self.char_class()
            elif char == "\\":
                piece = self.escape(in_class=False, negated=False)
            elif char in "|^$":
                self.i += 1
                out.append(char)
                continue
            elif char == ".":
                self.i += 1
                piece = char
            elif char in "*+?{":
                raise Refused("a quantifier with nothing to repeat")
            else:
                self.i += 1
                piece = escaped(literal(char))
            out.append(piece + self.quantifier(piece))
        return "".join(out)

    def quantifier(self, piece: str) -> str:
        """The repeat after ``piece``, widened: a count is written ``*`` (none at least) or
        ``+``, since hyperscan compiles a bounded repeat of a class as wide as ``\\w`` or ``.``
        in UTF-8 into a state per count (``[\\w ]{2,30}``: a minute, or "Pattern too large"),
        and a prefilter loses little by the count; lazy and possessive repeats are written
        greedy (the same lines match, or more)."""
        char = self.peek()
        if char in ("*", "+", "?"):
            self.i += 1
            written = char
        elif char == "{":
            found = QUANTIFIER.match(self.source, self.i)
            if found is None or not (found.group(1) or found.group(3)):
                raise Refused("a brace that is not a repeat count")  # fuzzy matching
            self.i = found.end()
            written = "*" if int(found.group(1) or 0) == 0 else "+"
        else:
            return ""
        if not piece:
            raise Refused("a repeated lookaround")
        if self.peek() in ("?", "+"):
            self.i += 1
        return written

    def group(self) -> str:
        rest = self.source[self.i :]
        scoped = SCOPED_FLAGS.match(rest)
        outer = self.caseless
        dropped = False
        if scoped is not None:
            self.i += scoped.end()
            if scoped.group(1) and scoped.group(2):
                raise Refused("a flag set and cleared at once")
            self.caseless = bool(scoped.group(1)) or (outer and not scoped.group(2))
            opening = f"(?{'i' if self.caseless else '-i'}:"
        elif rest.startswith(("(?=", "(?!", "(?<=", "(?<!")):
            # a lookaround only narrows a match: dropped, the pattern reads wider
            self.i += 4 if rest.startswith("(?<") else 3
            dropped, opening = True, ""
        elif rest.startswith("(?:") or rest.startswith("(?>"):
            self.i += 3
            opening = "(?:"
        elif name := regex.match(r"\(\?P?<\w+>", rest):
            self.i += name.end()
            opening = "(?:"  # names are no part of what matches; hyperscan refuses a name twice
        elif rest.startswith("(?"):
            raise Refused("inline flags, a comment, a conditional or a back-reference")
        else:
            self.i += 1
            opening = "(?:"
        inner = self.sequence()
        if self.peek() != ")":
            raise Refused("an unclosed group")
        self.i += 1
        self.caseless = outer
        return "" if dropped else f"{opening}{inner})"

    def escape(self, in_class: bool, negated: bool) -> str:
        char = self.peek(1)
        self.i += 2
        if char in ("p", "P"):
            return self.property(char, in_class, negated)
        if char in CLASS_ESCAPES or (not in_class and char in ASSERTION_ESCAPES):
            return f"\\{char}"
        if char and not char.isalnum() and not char.isspace():
            return escaped(literal(char))
        raise Refused(f"escape \\{char}")

    def property(self, char: str, in_class: bool, negated: bool) -> str:
        """A property escape as the ASCII range it holds on a plain line (``ASCII_PROPERTIES``);
        a negated one only standing alone (a class cannot hold a complement)."""
        braced = regex.match(r"\{(\w+)\}", self.source[self.i :])
        if braced is not None:
            name = braced.group(1)
            self.i += braced.end()
        else:
            name = self.peek()
            self.i += 1
        if name not in ASCII_PROPERTIES:
            raise Refused(f"property {name}")
        if self.caseless and name in CASE_PROPERTIES:
            if char == "P" or negated:
                raise Refused("a caseless negated case property")
            name = "L"  # regex reads (?i)\p{Lu} as any cased letter: wider still
        if char == "P" and in_class:
            raise Refused("a negated property inside a class")
        held = ASCII_PROPERTIES[name]
        if in_class:
            return held
        return f"[{'^' if char == 'P' else ''}{held}]"

    def char_class(self) -> str:
        self.i += 1
        negated = self.peek() == "^"
        self.i += negated
        items: list[str] = []
        if self.peek() == "]":
            items.append("\\]")
            self.i += 1
        while True:
            char = self.peek()
            if not char:
                raise Refused("an unclosed class")
            if char == "]":
                self.i += 1
                break
            if char == "[" or self.source.startswith(SET_OPERATIONS, self.i):
                raise Refused("a nested set or a set operation")
            if char == "\\":
                items.append(self.escape(in_class=True, negated=negated))
                continue
            if char == "-" and items and self.peek(1) not in ("]", ""):
                ends = (self.source[self.i - 1], self.peek(1))
                if not all(end.isascii() for end in ends) or items[-1].startswith("\\"):
                    raise Refused("a range outside ASCII or from an escape")
                self.i += 1
                items.append("-")
                continue
            self.i += 1
            items.append(escaped(literal(char)))
        return f"[{'^' if negated else ''}{''.join(items)}]"


def hyperscan_source(pattern: regex.Pattern) -> tuple[str, bool]:
    """``pattern`` written for hyperscan, and whether it is caseless as a whole; every line
    ``plain_line`` that ``pattern`` matches, the written pattern matches too. Raises ``Refused``."""
    if pattern.flags & ~SAFE_FLAGS:
        raise Refused("compile flags")
    source = pattern.pattern
    caseless = bool(pattern.flags & regex.IGNORECASE)
    if source.startswith("(?i)"):
        source, caseless = source[4:], True
    writer = Writer(source, caseless)
    written = writer.sequence()
    if writer.i != len(source):
        raise Refused("an unopened group")
    return written, caseless


SCAN_FLAGS = (
    0
    if hyperscan is None
    else hyperscan.HS_FLAG_PREFILTER
    | hyperscan.HS_FLAG_UTF8
    | hyperscan.HS_FLAG_SINGLEMATCH
    | hyperscan.HS_FLAG_ALLOWEMPTY
)
"""Prefilter mode (a superset), UTF-8 (``.`` and a negated class take one character), one
report a pattern a scan, and patterns that match the empty line (reported on every line)
allowed. Not ``HS_FLAG_UCP``: on a plain line ``\\w``, ``\\d``, ``\\s`` and ``\\b`` hold ASCII
characters only in ``regex`` too, and the Unicode classes cost hyperscan minutes to compile."""


def accepted(entries: list[Entry]) -> list[Entry]:
    """The entries hyperscan compiles: all at once when it can, else halves apart (one
    compile error names no pattern)."""
    try:
        compiled(entries)
        return entries
    except hyperscan.error:
        if len(entries) == 1:
            return []
        middle = len(entries) // 2
        return accepted(entries[:middle]) + accepted(entries[middle:])


Entry = tuple[int, bytes, int]
"""A pattern for hyperscan: its place in the list, its written source, its flags."""


MODULE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""This module's code: a database stored by another reading of the patterns is not used."""


def database_path(patterns: Sequence[regex.Pattern | None]) -> Path:
    """Where the database of ``patterns`` is kept in the cache folder (``cache_folder.py``):
    keyed by every pattern's source and flags, this module and hyperscan's version, so a
    changed pattern or reading is a new entry."""
    keys = [None if p is None else (p.pattern, p.flags) for p in patterns]
    text = f"{hyperscan.__version__}\0{MODULE_DIGEST}\0{keys!r}"
    return cache_dir() / f"hyperscan-{hashlib.sha256(text.encode()).hexdigest()[:32]}.pickle"


def stored_database(path: Path) -> tuple[frozenset[int], hyperscan.Database] | None:
    """The places taken and the database kept at ``path``; None when missing, damaged or
    written by another build. Loading takes milliseconds where compiling takes seconds."""
    try:
        with open(path, "rb") as handle:
            taken, serialized = pickle.load(handle)
        database = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)
    except Exception:  # a cache miss, whatever the reason: compiled anew
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # the modification time records the last use, for pruning
    return frozenset(taken), database


def new_database(
    patterns: Sequence[regex.Pattern | None],
) -> tuple[frozenset[int], hyperscan.Database | None]:
    """The places hyperscan takes among ``patterns`` (written by ``hyperscan_source``; the
    refused ones and those hyperscan cannot compile left out) and their database."""
    entries = []
    for number, pattern in enumerate(patterns):
        if pattern is None:
            continue
        try:
            source, caseless = hyperscan_source(pattern)
        except Refused:
            continue
        flags = SCAN_FLAGS | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
        entries.append((number, source.encode(), flags))
    kept = accepted(entries) if entries else []
    return frozenset(number for number, _, _ in kept), compiled(kept) if kept else None


def compiled(entries: list[Entry]) -> hyperscan.Database:
    database = hyperscan.Database()
    database.compile(
        expressions=[source for _, source, _ in entries],
        ids=[number for number, _, _ in entries],
        flags=[flags for _, _, flags in entries],
        elements=len(entries),
    )
    return database


COMPILE_AFTER_LINES = 50_000
"""Lines a prefilter answers "unknown" to before it compiles patterns no stored database
holds. Compiling the bundled rulebook's patterns takes 2-3 CPU seconds, and the scan saves
about 35 µs a new line (some 70 fewer timed regex calls a seed document of 12.5 new lines,
2026-12-07): a run pays for it after about 80,000 new lines, so a short run (a test, a
drafted rule checked, a page) never compiles, a long batch does once, and every later run
of the same rules loads the stored database in a millisecond."""


class Prefilter:
    """One hyperscan database over a list of patterns (None: none at that place)."""

    def __init__(
        self,
        patterns: Sequence[regex.Pattern | None],
        compile_after: int = COMPILE_AFTER_LINES,
    ) -> None:
        self.taken: frozenset[int] = frozenset()
        """The places of the patterns the database holds; the rest it never reports."""
        self.database = None
        self.patterns: list[regex.Pattern | None] | None = None
        """The patterns while no database is stored for them: compiled after
        ``compile_after`` lines asked without one (``COMPILE_AFTER_LINES``)."""
        self.compile_after = compile_after
        if hyperscan is None or os.environ.get(OFF_SWITCH):
            return
        stored = stored_database(database_path(patterns)) if caching() else None
        if stored is None:
            self.patterns = list(patterns)
            if compile_after <= 0:
                self.compile()
        else:
            self.taken, self.database = stored

    def compile(self) -> None:
        """Compile the waiting patterns now, and keep the database in the cache folder."""
        if self.patterns is None:
            return
        patterns, self.patterns = self.patterns, None
        self.taken, self.database = new_database(patterns)
        if caching() and self.database is not None:
            kept = (sorted(self.taken), hyperscan.dumpb(self.database))
            store_pickle(database_path(patterns), kept, "hyperscan-", ".pickle")

    def candidates(self, form: str) -> frozenset[int] | None:
        """The taken patterns that could match ``form`` (a line in ``regex_form``), or None
        when the line is not ``plain_line`` (or nothing was taken): then nothing is known."""
        if self.database is None and self.patterns is not None:
            self.compile_after -= 1
            if self.compile_after <= 0:
                self.compile()
        if self.database is None or not plain_line(form):
            return None
        found: list[int] = []
        self.database.scan(form.encode(), match_event_handler=report, context=found)
        return frozenset(found)

    def kept(self, proposed: Iterable[int], reported: frozenset[int]) -> set[int]:
        """``proposed`` less the taken patterns a scan did not report (``reported``): each
        lookup proposes a superset of the matches, so what both propose is one still."""
        taken = self.taken
        return {p for p in proposed if p not in taken or p in reported}


def report(number: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    """Hyperscan's match callback: collects the pattern's place (reported once a scan)."""
    found.append(number)
