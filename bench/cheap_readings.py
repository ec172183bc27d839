"""Cheap readings of an HTML page against the cleaner's full reading: what each is worth and costs.

    pip install -e '.[train]'
    python bench/cheap_readings.py --cache DIR [--limit N] [--rows FILE]

Each wcxb-dev page (WCXB, Murrough Foley, 2026, CC-BY-4.0) is extracted by the cleaner's
extraction (no site rules, before the text stage), each way timed in CPU seconds: as the
cleaner reads it with its cheap route off (``full``), with the reading choice's trafilatura
readings in fast mode (``fast``), and cut into the blocks of its prepared tree
(``page_blocks``) with their features worked out with no reading at all
(``block_features(blocks, "", kind)``: the columns that say how much of a block the chosen
reading holds are zero). Collecting is most of a run's time, so it is kept under ``--cache``
(``pages.pkl``; delete it after a change to the extraction).

Two cheap readings that call no trafilatura are scored against the full one:

- the reading-free block model: a boosted tree ensemble like the block classifier's
  (``bench/train_blocks.py``'s ``fit``, labels by ``block_labels``) trained on those rows of
  the tune sites, scored out of fold there (a model trained on one half of the tune sites
  scores the other, ``tune_half``), blocks kept at ``CUTOFF``. A gate per page type (``Gate``)
  takes it where the model is sure of the page (little of the kept text in blocks of middling
  probability, ``page_confidence``) with the most pages taken at a word-F1 loss of at most
  ``MAX_LOSS`` a page; its CPU is charged on every page of a gated type, since the model must
  run to know whether it is sure;
- the stated reading the cleaner takes (``cleaner.html.cascade``): the blocks that hold the
  page's JSON-LD ``articleBody``.

``--self-fed`` also reads each held-apart page a third way: the shipped block classifier fed
the reading-free model's kept blocks as its reading (its first pass as the reading in place of
trafilatura's), blocks kept at ``CUTOFF`` and at the type cutoffs (``block_thresholds``);
the CPU charged is the prepared tree, its blocks and both passes.

``--whole`` measures the stated route through the whole cleaner (``cleaner.clean``, as
``bench/quality.py`` runs it) on wcxb-dev, trafilatura-eval and big9: each page that states a
story of ``STATED_MIN_WORDS`` words is cleaned with the route and without it, and scored as
``bench/quality.py`` scores its corpus; every other page reads the same both ways, so the
change of a part's mean F1 is the changed pages' sum over the part's pages.

The report gives, per part and gold page type, each reading's F1 and CPU, the gated block
cascade's F1, share routed and CPU, and the stated route's. Deterministic: sorted inputs,
fixed seed, one thread.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: deterministic sums, a shared machine

import argparse
import json
import pickle
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from html_routes import mode_reading  # noqa: E402
from quality import bag_prf, mean, wcxb_pages  # noqa: E402
from splits import tune_half  # noqa: E402
from train_blocks import block_labels, fit, probabilities  # noqa: E402

from cleaner.html.blocks import TYPE_COLUMNS  # noqa: E402
from cleaner.linemodel.forest import Forest  # noqa: E402

CUTOFF = 0.5
"""A block is kept at even odds of being main content, as the block classifier keeps them."""
UNSURE_LOW = 0.2
UNSURE_HIGH = 0.8
"""Blocks the model gives between these odds are the ones it is unsure of (the same band
either side of ``CUTOFF``)."""

MAX_LOSS = 0.002
"""The gate's budget: the pages it routes lose at most this much word F1 a page on average
against the full reading (out of fold on the tune sites), the bound the issue sets on the
held-apart figure."""
UNSURE_LIMITS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
"""Largest share of the kept words in blocks of middling probability, tried per type. Past
0.4 the model is undecided on most of the page and the gate is a words count alone: tried up
to no limit, it routed service and product pages of 200 and 400 kept words on the tune part
(14% of pages, F1 0.857 -> 0.858), which lost half a point held apart (0.864 -> 0.859; one
held-apart site's service pages 0.3 each)."""
MIN_WORDS = (0, 50, 100, 200, 400)
"""Fewest kept words, tried per type (a short cheap reading is more often a lost page)."""
MIN_PAGES = 10
"""A page type with fewer tune pages on the route keeps the full reading: too few to tell."""


@dataclass(frozen=True)
class Gate:
    """Which pages of a type take the cheap reading: at most ``unsure`` of the kept and nearly
    kept words in unsure blocks, and at least ``words`` kept words."""

    unsure: float
    words: int

    def takes(self, unsure: float, kept: int) -> bool:
        return unsure <= self.unsure and kept >= self.words


def page_confidence(probability: np.ndarray, words: np.ndarray) -> tuple[float, int]:
    """The share of the words of blocks at ``UNSURE_LOW`` odds or more that sit in blocks
    under ``UNSURE_HIGH`` (1 when there are none), and the words kept at ``CUTOFF``."""
    considered = words[probability >= UNSURE_LOW].sum()
    unsure = words[(probability >= UNSURE_LOW) & (probability < UNSURE_HIGH)].sum()
    kept = int(words[probability >= CUTOFF].sum())
    return (float(unsure / considered) if considered else 1.0), kept


@dataclass
class PageData:
    """One page's reading-free rows and labels, block texts and the full and fast readings."""

    page: object
    kind: str | None
    route: str
    rows: np.ndarray
    labels: np.ndarray
    texts: list[str]
    full: str
    fast: str
    cpu: dict[str, float]
    probability: np.ndarray = field(default_factory=lambda: np.zeros(0))


def timed(totals: dict[str, float], name: str, function: object) -> object:
    """``function`` with its CPU seconds added to ``totals[name]``."""

    def wrapper(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.process_time() - start

    return wrapper


def collect(page: object, rulebook: object) -> PageData:
    """The page's full and fast extractions (timed, with the time of the reading choice and
    the block reading they hold) and its reading-free block rows."""
    import cleaner.html.extract as extraction
    from cleaner.html.blocks import block_features, page_blocks
    from cleaner.html.decode import decode_html
    from cleaner.html.parse import PageError
    from cleaner.pipeline import make_document

    html = decode_html(page.data)
    shipped = (extraction.choice_reading, extraction.blocks_or_reading)
    cpu: dict[str, float] = {}
    texts: dict[str, str] = {}
    doc = None
    for mode in ("full", "fast"):
        doc = make_document(html, None, "html")
        totals: dict[str, float] = {}
        reading = partial(mode_reading, "fast", shipped[0]) if mode == "fast" else shipped[0]
        extraction.choice_reading = timed(totals, "choice", reading)
        extraction.blocks_or_reading = timed(totals, "blocks", shipped[1])
        start = time.process_time()
        try:
            texts[mode] = extraction.extract(doc, rulebook, cascade=False)
        except PageError:
            texts[mode] = ""
        finally:
            extraction.choice_reading, extraction.blocks_or_reading = shipped
        cpu[mode] = time.process_time() - start
        cpu[f"{mode}_choice"] = totals.get("choice", 0.0) + totals.get("blocks", 0.0)
    kind, route = doc.page_type, doc.route
    try:
        tree, _ = extraction.prepared_tree(html, rulebook)
    except PageError:
        tree = None
    start = time.process_time()
    blocks = page_blocks(tree) if tree is not None else []
    rows = block_features(blocks, "", kind) if blocks else np.zeros((0, 1))
    cpu["cheap"] = time.process_time() - start
    labels = block_labels(blocks, page.gold)
    return PageData(
        page, kind, route, rows.astype(np.float32), labels, [b.text for b in blocks],
        texts["full"], texts["fast"], cpu,
    )  # fmt: skip


def collected(cache: Path | None, limit: int | None) -> list[PageData]:
    """Every page's data, from ``cache`` when it is there."""
    path = cache / "pages.pkl" if cache else None
    if path and path.exists():
        with path.open("rb") as stored:
            return pickle.load(stored)  # our own cache
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook(list(default_rulebook().generic))
    pages = sorted(wcxb_pages(), key=lambda p: p.name)
    if limit:
        pages = pages[:: max(1, len(pages) // limit)]
    data = []
    for number, page in enumerate(pages):
        if number % 100 == 0:
            print(f"{number} pages collected", file=sys.stderr)
        data.append(collect(page, rulebook))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            pickle.dump(data, out)
    return data


def eligible(d: PageData) -> bool:
    """Pages the cascade may route: read by the reading choice (not a thread's posts)."""
    return d.route not in ("posts", "site") and len(d.rows) > 0


def cheap_text(d: PageData) -> str:
    return "\n".join(t for t, p in zip(d.texts, d.probability, strict=True) if p >= CUTOFF)


def stated_figures(d: PageData) -> tuple[str | None, float]:
    """The stated reading of the page (``cleaner.html.cascade``) and its CPU seconds."""
    from cleaner.html.cascade import stated_reading
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import prepared_tree
    from cleaner.html.parse import PageError, parse_html
    from cleaner.html.references import tree_reference
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    if not eligible(d):
        return None, 0.0
    html = decode_html(d.page.data)
    try:
        tree, _ = prepared_tree(html, Rulebook(default_rulebook().generic))
        reference = tree_reference(parse_html(html))  # read before pruning, as extraction does
    except PageError:
        return None, 0.0
    start = time.process_time()
    text = stated_reading(tree, reference)
    return text, time.process_time() - start


def page_row(d: PageData) -> dict:
    """What the gate and the report need of a page."""
    stated, stated_cpu = stated_figures(d)
    words = np.array([len(t.split()) for t in d.texts], dtype=np.float64)
    unsure, kept = page_confidence(d.probability, words) if len(d.rows) else (1.0, 0)
    gold = d.page.gold
    cheap = cheap_text(d) if len(d.rows) else ""
    return {
        "id": d.page.name, "part": d.page.part, "gold_type": d.page.page_type, "kind": d.kind,
        "route": d.route, "eligible": eligible(d), "unsure": unsure, "kept": kept,
        "full_f1": bag_prf(d.full, gold)[2], "fast_f1": bag_prf(d.fast, gold)[2],
        "cheap_f1": bag_prf(cheap, gold)[2], **{f"cpu_{k}": v for k, v in d.cpu.items()},
        "stated": stated is not None, "stated_f1": bag_prf(stated or "", gold)[2],
        "cpu_stated": stated_cpu,
    }  # fmt: skip


def gated(row: dict, gate: dict[str, Gate]) -> bool:
    """Whether the page's type has a gate: the block model runs on it to decide."""
    return row["eligible"] and (row["kind"] or "") in gate


def routed(row: dict, gate: dict[str, Gate]) -> bool:
    return gated(row, gate) and gate[row["kind"]].takes(row["unsure"], row["kept"])


def cascade_figures(row: dict, gate: dict[str, Gate]) -> tuple[float, float, float, float]:
    """The page's F1 and CPU through the gated block cascade and through the stated route."""
    saved = row["cpu_full"] - row["cpu_full_choice"]
    if routed(row, gate):
        block = row["cheap_f1"], saved + row["cpu_cheap"]
    else:
        block = row["full_f1"], row["cpu_full"] + row["cpu_cheap"] * gated(row, gate)
    if row["stated"]:
        stated = row["stated_f1"], saved + row["cpu_stated"]
    else:
        stated = row["full_f1"], row["cpu_full"] + row["cpu_stated"]
    return (*block, *stated)


def choose_gate(rows: list[dict]) -> dict[str, Gate]:
    """Per page type, the (unsure, words) limits that route the most tune pages within
    ``MAX_LOSS`` of F1 a routed page, at least ``MIN_PAGES`` of them."""
    gate = {}
    for kind in TYPE_COLUMNS:
        group = [r for r in rows if r["kind"] == kind and r["eligible"]]
        best = None
        for unsure in UNSURE_LIMITS:
            for words in MIN_WORDS:
                rule = Gate(unsure, words)
                taken = [r for r in group if rule.takes(r["unsure"], r["kept"])]
                if len(taken) < MIN_PAGES:
                    continue
                loss = mean([r["full_f1"] - r["cheap_f1"] for r in taken])
                if loss <= MAX_LOSS and (best is None or len(taken) > best[0]):
                    best = (len(taken), rule)
        if best:
            gate[kind] = best[1]
    return gate


def report(rows: list[dict], gate: dict[str, Gate]) -> None:
    """Per part and gold page type: pages; F1 full, fast, reading-free blocks, the gated
    block cascade and the stated route; the share of pages each route takes; CPU a page."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        for kind in (row["gold_type"], "all"):
            groups[(row["part"], kind)].append(row)
    print("part  gold type      pages  F1 full  F1 fast F1 block  F1 cscd  F1 stat  cscd  stat"
          "  cpu full  cpu fast  cpu cscd  cpu stat")  # fmt: skip
    for (part, kind), group in sorted(groups.items()):
        n = len(group)
        figures = [mean([r[f"{m}_f1"] for r in group]) for m in ("full", "fast", "cheap")]
        routes = [cascade_figures(r, gate) for r in group]
        figures += [mean([f[0] for f in routes]), mean([f[2] for f in routes])]
        shares = (sum(routed(r, gate) for r in group) / n, sum(r["stated"] for r in group) / n)
        times = [mean([r[f"cpu_{m}"] for r in group]) for m in ("full", "fast")]
        times += [mean([f[1] for f in routes]), mean([f[3] for f in routes])]
        print(f"{part:5} {kind:14} {n:5}" + "".join(f"{f:9.3f}" for f in figures)
              + "".join(f"{s:6.0%}" for s in shares)
              + "".join(f"{t * 1000:8.0f}ms" for t in times))  # fmt: skip


def self_fed(d: PageData, first: Forest) -> tuple[float, float, float]:
    """Word F1 of the shipped block model fed the kept blocks of the reading-free model
    ``first`` as its reading, at ``CUTOFF`` and at the page type's cutoff, and the CPU
    seconds of the prepared tree, its blocks and both passes."""
    from cleaner.html.blocks import block_features, block_model, block_thresholds, page_blocks
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import prepared_tree
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook(default_rulebook().generic)
    html = decode_html(d.page.data)
    start = time.process_time()
    tree, kind = prepared_tree(html, rulebook)
    blocks = page_blocks(tree)
    texts = [b.text for b in blocks]
    guess = probabilities(first, block_features(blocks, "", kind))
    reading = "\n".join(t for t, p in zip(texts, guess, strict=True) if p >= CUTOFF)
    fed = probabilities(block_model(), block_features(blocks, reading, kind))
    cpu = time.process_time() - start
    cutoff = block_thresholds().get(kind or "", CUTOFF)
    at_half = "\n".join(t for t, p in zip(texts, fed, strict=True) if p >= CUTOFF)
    at_type = "\n".join(t for t, p in zip(texts, fed, strict=True) if p >= cutoff)
    gold = d.page.gold
    return bag_prf(at_half, gold)[2], bag_prf(at_type, gold)[2], cpu


def report_self_fed(data: list[PageData], first: Forest) -> None:
    """Per gold page type of the held-apart pages the cascade may route: F1 of the full
    reading, the reading-free blocks and the self-fed blocks, and CPU a page."""
    groups: dict[str, list[tuple]] = defaultdict(list)
    for d in data:
        if d.page.part == "held" and eligible(d):
            row = (bag_prf(d.full, d.page.gold)[2], bag_prf(cheap_text(d), d.page.gold)[2])
            row += (*self_fed(d, first), d.cpu["full"])
            for kind in (d.page.page_type, "all"):
                groups[kind].append(row)
    print("held  gold type      pages  F1 full F1 block  F1 fed F1 fed/type  cpu full  cpu fed")
    for kind, group in sorted(groups.items()):
        f1 = [mean([r[k] for r in group]) for k in range(4)]
        cpu = [mean([r[k] for r in group]) for k in (5, 4)]
        print(f"held  {kind:14} {len(group):5}" + "".join(f"{f:9.3f}" for f in f1)
              + "".join(f"{t * 1000:8.0f}ms" for t in cpu))  # fmt: skip


def whole_page(page: object, tool: str, big9: bool, route: bool) -> tuple[str, str, str]:
    """(route, title, body) of one page through the whole cleaner, the stated route on or off."""
    from quality import _RULEBOOKS, decode_big9

    import cleaner.html.extract as extraction
    from cleaner.html.cascade import stated_reading
    from cleaner.html.decode import decode_html
    from cleaner.html.parse import PageError
    from cleaner.pipeline import clean

    html = decode_big9(page.data) if big9 else decode_html(page.data)
    extraction.stated_reading = stated_reading if route else lambda tree, reference: None
    try:
        doc = clean(html, url=page.url, kind="html", rulebook=_RULEBOOKS[tool])
    except PageError:
        return "", "", ""
    finally:
        extraction.stated_reading = stated_reading
    return doc.route, doc.title or "", doc.text


def states_story(page: object, big9: bool) -> bool:
    """Whether the page states a story long enough for the stated route
    (``cleaner.html.cascade.states_story``; a page that does not cannot take it)."""
    from quality import decode_big9

    from cleaner.html import cascade
    from cleaner.html.decode import decode_html
    from cleaner.html.parse import PageError, parse_html
    from cleaner.html.references import tree_reference

    try:
        tree = parse_html(decode_big9(page.data) if big9 else decode_html(page.data))
    except PageError:
        return False
    return cascade.states_story(tree_reference(tree))


def whole(corpora: list[str]) -> None:
    """Per corpus, tool and part: pages, pages on the stated route, the change of mean F1
    (trafilatura-eval: of the snippets found, missed and found wrongly), and the changed
    pages' F1 with the route and without."""
    from quality import big9_pages, eval_pages, init_worker, snippet_counts

    init_worker()
    sources = {
        "wcxb": (wcxb_pages, ("generic",), False),
        "eval": (eval_pages, ("generic",), False),
        "big9": (lambda: big9_pages(None), ("site", "generic"), True),
    }
    for corpus in corpora:
        load, tools, big9 = sources[corpus]
        pages = load()
        candidates = [p for p in pages if states_story(p, big9)]
        for tool in tools:
            for part in ("tune", "held"):
                total = sum(p.part == part for p in pages)
                changed, before, after, counts = 0, [], [], np.zeros(3)
                for page in (p for p in candidates if p.part == part):
                    route, *on = whole_page(page, tool, big9, True)
                    if route != "stated":
                        continue
                    _, *off = whole_page(page, tool, big9, False)
                    changed += 1
                    if corpus == "eval":
                        counts += np.subtract(
                            snippet_counts(on[1], page.snippets),
                            snippet_counts(off[1], page.snippets),
                        )
                        continue
                    scored = (on, off) if big9 else ((on[1],), (off[1],))
                    texts = ["\n".join(x for x in output if x) for output in scored]
                    after.append(bag_prf(texts[0], page.gold)[2])
                    before.append(bag_prf(texts[1], page.gold)[2])
                delta = (sum(after) - sum(before)) / total if total else 0.0
                found, missed, wrong = counts
                figures = (
                    f"snippets found {found:+.0f}, missed {missed:+.0f}, wrong {wrong:+.0f}"
                    if corpus == "eval"
                    else f"mean F1 {delta:+.4f}; changed {mean(before):.3f} -> {mean(after):.3f}"
                )
                print(f"{corpus:5} {tool:8} {part:5} pages {total:5} stated {changed:4} {figures}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="directory for the collected pages")
    parser.add_argument("--limit", type=int, help="every n-th page to reach about N pages")
    parser.add_argument("--rows", type=Path, help="write each page's figures here (JSON lines)")
    parser.add_argument("--whole", help="corpora (wcxb,eval,big9): the stated route, whole cleaner")
    parser.add_argument(
        "--self-fed", action="store_true", help="also the self-fed block reading, held apart"
    )
    args = parser.parse_args(argv)
    if args.whole:
        whole(args.whole.split(","))
        return 0
    data = collected(args.cache, args.limit)
    tune = [d for d in data if d.page.part == "tune" and len(d.rows)]
    for half in (0, 1):  # out-of-fold probabilities on the tune sites, to choose the gate
        forest = fit([d for d in tune if tune_half(d.page.site) != half])[1]
        for d in tune:
            if tune_half(d.page.site) == half:
                d.probability = probabilities(forest, d.rows.astype(np.float64))
    forest = fit(tune)[1]
    for d in data:
        if d.page.part == "held" and len(d.rows):
            d.probability = probabilities(forest, d.rows.astype(np.float64))
    rows = [page_row(d) for d in data]
    gate = choose_gate([r for r in rows if r["part"] == "tune"])
    print("gate by predicted page type (unsure share, kept words):", gate)
    report(rows, gate)
    if args.rows:
        args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    if args.self_fed:
        report_self_fed(data, forest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
