"""Measure the validator on a mutation corpus: junk put into clean bodies, story taken out.

Clean bodies are the golden bodies in ``fixtures/**/*.expected.txt`` and, when present, the gold
texts of the development data's big9 pages (bench/README.md) minus their headline line (read at
run time, never copied), and minus the lines their own site's rules or the generic library
remove (a gold that keeps a copyright line or 'Continue reading the main story'). Junk lines
are real: the lines the cleaner removes from the raw fixtures, and the lines of each big9
page's text that are not in its gold text. Junk put into a document always comes from a
different site. Each mutation is validated on its own, and the
tables give the share flagged (verdict ``fail``), the share with any finding of medium severity
or worse (``warn+``), and the share where a finding sits on the inserted line itself
(``on line``).

    python bench/mutations.py [--seed 7] [--per-type 4] [--no-big9] [--pipeline] [--misses]

``--pipeline`` also runs the cleaner on the big9 pages (HTML, and crude text dumps of them made
by bench/generic_dumps.py) and checks the validator's findings on its output against the gold
body: how many junk findings sit on lines outside it, how many lost-story findings inside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.document import Document, Line, Removal  # noqa: E402
from cleaner.pipeline import clean  # noqa: E402
from cleaner.rulebook.load import Rulebook  # noqa: E402
from cleaner.text import normalize, word_count  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from splits import part_of, site_of  # noqa: E402

from cleaner.validate.context import SEVERITY_RANK  # noqa: E402
from cleaner.validate.residual import junk_pattern_hit, marker_hits, until_hits  # noqa: E402
from cleaner.validate.verdict import Verdict, validate, validate_text  # noqa: E402

BIG9 = ROOT.parent / "shared" / "data" / "big9"
TRAFILATURA_EVAL = ROOT.parent / "shared" / "data" / "trafilatura-eval"
JUNK_MAX_WORDS = 40
SHINGLE = 6
"""A crude line sharing a run of this many words with the gold text is story, not junk."""
POSITIONS = ("head", "middle", "tail")
BLOCK_LINES = 3
HEURISTIC_RULE = "generic.region"
"""Deletions are recorded under a heuristic's id, as when the region finder over-strips."""


@dataclass
class Body:
    site: str
    name: str
    lines: list[str]
    title: str | None = None


@dataclass
class JunkLine:
    site: str
    text: str
    in_rulebook: bool
    in_library: bool

    @property
    def kind(self) -> str:
        if self.in_rulebook:
            return "rulebook"
        return "library only" if self.in_library else "neither"


@dataclass
class Tally:
    n: int = 0
    failed: int = 0
    warned: int = 0
    on_line: int = 0

    def add(self, verdict: Verdict, lines: set[int] | None = None) -> None:
        self.n += 1
        self.failed += verdict.status == "fail"
        self.warned += verdict.status != "ok"
        hit = (
            any(f.line in lines and SEVERITY_RANK[f.severity] >= 2 for f in verdict.findings)
            if lines
            else False
        )
        self.on_line += hit

    def row(self, label: str, with_line: bool = True) -> str:
        pct = lambda x: f"{100 * x / self.n:6.1f}%" if self.n else "     -"  # noqa: E731
        line = pct(self.on_line) if with_line else "     -"
        return f"{label:<28}{self.n:>6}  {pct(self.failed)}  {pct(self.warned)}  {line}"


@dataclass
class Report:
    clean: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    dirty: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    clean_flagged: list[str] = field(default_factory=list)
    by_part: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    """Every dirty document by the part of the body it was made from (fixtures, big9's tune
    or held-apart sites)."""
    missed: list[str] = field(default_factory=list)
    """Dirty documents that came out ``ok`` (what ``--misses`` prints)."""
    junk_dropped: int = 0
    """Gold lines left out of the clean bodies (``without_named_junk``)."""


# --- reading the corpus ----------------------------------------------------------------


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def body_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def fixture_bodies() -> list[Body]:
    bodies = []
    for path in sorted((ROOT / "fixtures").glob("*/*.expected.txt")):
        meta_path = path.with_name(path.name.replace(".expected.txt", ".expected.json"))
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        name = path.name.replace(".expected.txt", "")
        lines = body_lines(path.read_text(encoding="utf-8"))
        bodies.append(Body(path.parent.name, name, lines, meta.get("title")))
    return bodies


def big9_bodies() -> list[Body]:
    bodies = []
    for path in sorted(BIG9.glob("*/*.gold.txt")):
        title, body = headline_and_body(decode(path.read_bytes()))
        bodies.append(Body(f"big9/{path.parent.name}", path.name, body, title))
    return bodies


def headline_and_body(gold: str) -> tuple[str | None, list[str]]:
    """A big9 gold text's headline (its first non-blank line: some golds open on a blank
    line) and its body lines."""
    lines = body_lines(gold.replace("\x00", ""))
    return (lines[0], lines[1:]) if lines else (None, [])


def fixture_junk(rulebook: Rulebook) -> list[tuple[str, str]]:
    """Lines the cleaner removes from each raw fixture (not inline trims, not duplicates)."""
    found = []
    for path in sorted((ROOT / "fixtures").glob("*/*.txt")):
        if ".expected" in path.name:
            continue
        doc = clean(path.read_text(encoding="utf-8"), rulebook=rulebook)
        for removal in doc.removed:
            if removal.reason.startswith("trimmed") or "duplicate" in removal.rule:
                continue
            found.append((path.parent.name, removal.text.strip()))
    return found


def page_lines(html: str) -> list[str]:
    """The crude text of a page, one text node a line (scripts and the archive toolbar gone)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in tree.xpath("//script|//style|//noscript|//*[starts-with(@id, 'wm-')]"):
        bad.drop_tree()
    return body_lines("\n".join(t.strip() for t in tree.itertext()))


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = normalize(text).split()
    return {tuple(tokens[i : i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 0))}


def big9_junk() -> list[tuple[str, str]]:
    """Lines of each big9 page that are not in its gold text."""
    found = []
    for gold_path in sorted(BIG9.glob("*/*.gold.txt")):
        html_path = gold_path.with_name(gold_path.name.replace(".gold.txt", ".html.gz"))
        if not html_path.exists():
            continue
        gold = decode(gold_path.read_bytes())
        gold_norm, gold_shingles = normalize(gold), shingles(gold)
        for line in page_lines(decode(gzip.decompress(html_path.read_bytes()))):
            norm = normalize(line)
            if not 1 <= word_count(line) <= JUNK_MAX_WORDS or norm in gold_norm:
                continue
            if shingles(line) & gold_shingles:
                continue
            found.append((f"big9/{gold_path.parent.name}", line))
    return found


def unseen_junk() -> dict[str, list[str]]:
    """Junk the validator's library was never written from: trafilatura-eval's 'without'
    snippets (text that must not be extracted) from ~980 other sites, English-looking ones
    only, by the split part of their page's site (the line model saw the "tune" sites' pages,
    so the "held" ones are junk no part of the validator has seen)."""
    path = TRAFILATURA_EVAL / "evaldata.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    by_part: dict[str, set[str]] = defaultdict(set)
    for url, page in data.items():
        part = part_of(site_of(url))
        by_part[part].update(s.strip() for s in page.get("without") or [])
    return {
        part: sorted(s for s in snippets if word_count(s) and s.isascii())
        for part, snippets in sorted(by_part.items())
    }


def junk_pool(rulebook: Rulebook, use_big9: bool) -> dict[str, list[JunkLine]]:
    raw = fixture_junk(rulebook) + (big9_junk() if use_big9 else [])
    pool: dict[str, list[JunkLine]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for site, text in raw:
        key = (site, normalize(text))
        if key in seen or not word_count(text):
            continue
        seen.add(key)
        named = named_by_rulebook(rulebook, text)
        pool[site].append(JunkLine(site, text, named, junk_pattern_hit(text) is not None))
    return pool


def named_by_rulebook(rulebook: Rulebook, text: str) -> bool:
    rules = [r for f in rulebook.files for r in f.rules if r.kind != "trim"]
    return any(marker_hits(r, text) or until_hits(r, text) for r in rules)


# --- mutations -------------------------------------------------------------------------


def other_site_junk(rng: random.Random, pool: dict[str, list[JunkLine]], site: str, count: int):
    """``count`` consecutive junk lines of one page of another site (a real junk block)."""
    sites = [s for s in pool if s != site and pool[s]]
    lines = pool[rng.choice(sites)]
    start = rng.randrange(max(len(lines) - count + 1, 1))
    return lines[start : start + count]


def insert_at(lines: list[str], junk: list[str], where: str, rng: random.Random):
    """The mutated lines and the indices the junk took."""
    if where == "head":
        at = 0
    elif where == "tail":
        at = len(lines)
    else:
        at = rng.randrange(1, len(lines)) if len(lines) > 1 else len(lines)
    return lines[:at] + junk + lines[at:], set(range(at, at + len(junk)))


def text_line_numbers(indices: set[int]) -> set[int]:
    """Paragraph ``i`` of a text joined with blank lines sits on line ``2 i + 1``."""
    return {2 * i + 1 for i in indices}


def run_inserts(body, pool, rulebook, report, rng, per_type) -> None:
    for where in POSITIONS:
        for _ in range(per_type):
            junk = other_site_junk(rng, pool, body.site, 1)
            record_insert(body, junk, where, rulebook, report, rng, f"insert 1 line, {where}")
        junk = other_site_junk(rng, pool, body.site, BLOCK_LINES)
        record_insert(body, junk, where, rulebook, report, rng, f"insert block, {where}")
        junk = material_junk(rng, pool, body)
        record_insert(body, junk, where, rulebook, report, rng, f"insert 1/3 junk, {where}")


def material_junk(rng: random.Random, pool, body: Body) -> list[JunkLine]:
    """Junk lines of other sites until they hold half as many words as the body: a third of
    the mutated document's words, a materially wrong document (word F1 about 0.8)."""
    want = sum(word_count(line) for line in body.lines) / 2
    found: list[JunkLine] = []
    while sum(word_count(j.text) for j in found) < want:
        found += other_site_junk(rng, pool, body.site, BLOCK_LINES)
    return found


def record_insert(body, junk, where, rulebook, report, rng, label) -> None:
    mutated, taken = insert_at(body.lines, [j.text for j in junk], where, rng)
    verdict = validate_text("\n\n".join(mutated), rulebook, body.title)
    report.dirty[label].add(verdict, text_line_numbers(taken))
    report.by_part[f"dirty: {body_part(body)}"].add(verdict)
    if verdict.status == "ok":
        report.missed.append(f"{label} [{body_part(body)}] {body.site}/{body.name}: "
                             f"{' | '.join(j.text[:80] for j in junk[:3])!r}")  # fmt: skip
    if len(junk) == 1 and junk[0].site != "unseen":
        report.by_kind[f"1 line: {junk[0].kind}"].add(verdict, text_line_numbers(taken))


def deleted_document(body: Body, doomed: set[int]) -> Document:
    """The body as the cleaner would leave it had a heuristic removed the ``doomed`` lines."""
    original = [Line(i + 1, text) for i, text in enumerate(body.lines)]
    doc = Document(raw="\n".join(body.lines), original=original, title=body.title)
    doc.lines = [line for i, line in enumerate(original) if i not in doomed]
    doc.removed = [Removal(i + 1, body.lines[i], HEURISTIC_RULE, "mutation") for i in doomed]
    return doc


def run_deletions(body: Body, rulebook: Rulebook, report: Report, rng: random.Random) -> None:
    count = len(body.lines)
    if count < 3:
        return
    cases = {
        "delete first paragraph": {0},
        "delete a middle paragraph": {rng.randrange(1, count - 1)},
        "delete last paragraph": {count - 1},
        "delete all but the first": set(range(1, count)),
    }
    for label, doomed in cases.items():
        record(report, body, label, validate(deleted_document(body, doomed), rulebook))
    truncated = [*body.lines[:-1], cut_mid_sentence(body.lines[-1], rng)]
    verdict = validate_text("\n\n".join(truncated), rulebook)
    record(report, body, "cut last paragraph mid-way", verdict)


def record(report: Report, body: Body, label: str, verdict: Verdict) -> None:
    """A deletion's verdict, in its row and its part's, and in the misses when ``ok``."""
    report.dirty[label].add(verdict)
    report.by_part[f"dirty: {body_part(body)}"].add(verdict)
    if verdict.status == "ok":
        report.missed.append(f"{label} [{body_part(body)}] {body.site}/{body.name}")


def cut_mid_sentence(line: str, rng: random.Random) -> str:
    """The line broken off after a connective, as a crawl that lost its end would be."""
    words = line.split()
    stops = [i for i, w in enumerate(words[:-1]) if w.lower() in {"the", "and", "of", "to", "a"}]
    end = rng.choice(stops) + 1 if stops else max(len(words) // 2, 1)
    return " ".join(words[:end])


# --- the run ---------------------------------------------------------------------------


def run_unseen_inserts(body, unseen, rulebook, report, rng) -> None:
    for part, pool in unseen.items():
        for where in POSITIONS:
            line = JunkLine("unseen", rng.choice(pool), False, False)
            label = f"insert 1 unseen/{part}, {where}"
            record_insert(body, [line], where, rulebook, report, rng, label)


def without_named_junk(body: Body, rulebook: Rulebook) -> tuple[Body, int]:
    """The body without the lines its own site's rules or the generic library remove (a
    copyright line, 'Continue reading the main story', a byline: golds that keep them are not
    clean bodies by docs/body.md), and how many went. Rules of other sites are not asked: they
    are written for their own pages' shapes."""
    prefixes = ("generic.", f"{body.site.removeprefix('big9/')}.")
    rules = [r for f in rulebook.files for r in f.rules
             if r.kind != "trim" and r.id.startswith(prefixes)]  # fmt: skip
    kept = [line for line in body.lines if not any(marker_hits(r, line) for r in rules)]
    return Body(body.site, body.name, kept, body.title), len(body.lines) - len(kept)


def measure(bodies: list[Body], pool, rulebook: Rulebook, seed: int, per_type: int) -> Report:
    report, rng, unseen = Report(), random.Random(seed), unseen_junk()
    for given in bodies:
        body, dropped = without_named_junk(given, rulebook)
        report.junk_dropped += dropped
        if not body.lines:
            continue
        corpus = body_part(body)
        verdict = validate_text("\n\n".join(body.lines), rulebook, body.title)
        report.clean[f"clean: {corpus}"].add(verdict)
        report.clean["clean: all"].add(verdict)
        if verdict.status != "ok":
            report.clean_flagged.append(f"{body.site}/{body.name}: {worst_finding(verdict)}")
        run_inserts(body, pool, rulebook, report, rng, per_type)
        run_deletions(body, rulebook, report, rng)
        if unseen:
            run_unseen_inserts(body, unseen, rulebook, report, rng)
    return report


def body_part(body: Body) -> str:
    """Where a clean body comes from: the fixtures, or big9's tune or held-apart sites."""
    big9_site = body.site.removeprefix("big9/")
    return "fixtures" if big9_site == body.site else f"big9 {part_of(site_of(big9_site))}"


def worst_finding(verdict: Verdict) -> str:
    """The verdict and its most severe finding (the first among equals)."""
    worst = max(verdict.findings, key=lambda f: SEVERITY_RANK[f.severity])
    where = f"{verdict.status}, line {worst.line} {worst.severity}"
    return f"{where} {worst.code} [{worst.detector}] {worst.text[:60]!r}"


def print_report(report: Report, pool: dict[str, list[JunkLine]], misses: bool = False) -> None:
    sizes = {
        k: sum(1 for ls in pool.values() for j in ls if j.kind == k)
        for k in ("rulebook", "library only", "neither")
    }
    print(f"junk pool: {sum(len(v) for v in pool.values())} lines from {len(pool)} sites; {sizes}")
    header = f"{'mutation':<28}{'docs':>6}  {'fail':>7}  {'warn+':>7}  {'on line':>7}"
    print(f"\n{header}\n{'-' * len(header)}")
    for label, tally in report.clean.items():
        print(tally.row(label, with_line=False))
    dirty = Tally()
    for label, tally in report.dirty.items():
        print(tally.row(label, with_line="insert" in label))
        for name in ("n", "failed", "warned", "on_line"):
            setattr(dirty, name, getattr(dirty, name) + getattr(tally, name))
    print(dirty.row("all dirty", with_line=False))
    for label, tally in sorted(report.by_part.items()):
        print(tally.row(label, with_line=False))
    print(f"\n{'single-line insert, by junk':<28}{header[28:]}")
    for label, tally in sorted(report.by_kind.items()):
        if tally.n:
            print(tally.row(label))
    print(f"\ngold lines the site's rules or the generic library remove, left out of the clean "
          f"bodies: {report.junk_dropped}")  # fmt: skip
    print(f"\nclean bodies flagged ({len(report.clean_flagged)}):")
    for line in report.clean_flagged:
        print(f"  {line}")
    if misses:
        print(f"\ndirty documents not flagged ({len(report.missed)}):")
        for line in report.missed:
            print(f"  {line}")


@dataclass
class Precision:
    """Findings on the cleaner's real output, checked line by line against the gold body."""

    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[tuple[str, str, bool], int] = field(default_factory=lambda: defaultdict(int))

    def add(self, verdict: Verdict, gold: list[str]) -> None:
        self.statuses[verdict.status] += 1
        lines, whole = {normalize(line) for line in gold}, normalize(" ".join(gold))
        for item in verdict.findings:
            if not item.text or item.severity == "low":
                continue
            key = normalize(item.text)
            in_gold = key in lines or (word_count(key) >= 4 and key in whole)
            kind = "story lost" if item.code == "over-stripped" else "junk"
            self.counts[(kind, item.severity, in_gold)] += 1

    def report(self, label: str) -> None:
        print(f"\n{label}: {dict(self.statuses)}")
        for kind, right_when in (("junk", False), ("story lost", True)):
            for severity in ("high", "medium"):
                right = self.counts[(kind, severity, right_when)]
                total = right + self.counts[(kind, severity, not right_when)]
                share = f"{100 * right / total:.1f}%" if total else "-"
                print(f"  {kind:<10} {severity:<6} findings right: {right} of {total} ({share})")


def gold_of(gold_path: Path) -> list[str]:
    """The gold body: the gold text without its headline line."""
    return headline_and_body(decode(gold_path.read_bytes()))[1]


def pipeline_precision(rulebook: Rulebook) -> None:
    """Validate the cleaner's real output on the big9 pages (HTML path with the page's URL, and
    text path on crude dumps of the same pages) and check each finding against the gold body:
    a junk finding is right when its line is not in the gold body (not a gold line nor, from
    four words up, part of one), a lost-story finding when its line is."""
    from generic_dumps import crude_dump

    html_run, dump_run = Precision(), Precision()
    for gold_path in sorted(BIG9.glob("*/*.gold.txt")):
        html_path = gold_path.with_name(gold_path.name.replace(".gold.txt", ".html.gz"))
        html = decode(gzip.decompress(html_path.read_bytes()))
        url = f"https://www.{gold_path.parent.name}.com/"
        gold = gold_of(gold_path)
        html_run.add(clean(html, url, kind="html", rulebook=rulebook).verdict, gold)
        dump_run.add(clean(crude_dump(html), kind="text", rulebook=rulebook).verdict, gold)
    html_run.report("cleaner output, big9 HTML with URL")
    dump_run.report("cleaner output, big9 crude text dumps without URL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-type", type=int, default=4, help="single-line inserts per place")
    parser.add_argument("--no-big9", action="store_true", help="fixtures only")
    parser.add_argument("--misses", action="store_true", help="list the dirty documents passed")
    parser.add_argument(
        "--pipeline", action="store_true", help="also validate the cleaner's big9 HTML output"
    )
    args = parser.parse_args(argv)
    rulebook = Rulebook.load()
    use_big9 = BIG9.is_dir() and not args.no_big9
    bodies = fixture_bodies() + (big9_bodies() if use_big9 else [])
    pool = junk_pool(rulebook, use_big9)
    print_report(measure(bodies, pool, rulebook, args.seed, args.per_type), pool, args.misses)
    if use_big9 and args.pipeline:
        pipeline_precision(rulebook)
    return 0


if __name__ == "__main__":
    sys.exit(main())
