"""How much of a document's cleaning time goes to rule matching, by profiling ``clean``.

Cleans unique copies of the seed fixtures (as ``bench/throughput.py`` makes them) under
cProfile and reports, per document, the total time and the time inside the rule engine
(``apply_rule_files``) and the validator's rulebook-wide check (``detect_rulebook_junk`` and
``any_rule_names``). ``--site-files N`` adds N synthetic site files (throughput.py's) so the
cost can be compared between a small and a large rulebook.

    python bench/rule_matching.py --docs 300 --site-files 10000
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from throughput import seed_texts, unique_copy, write_site_files

from cleaner.pipeline import clean_document, make_document
from cleaner.rulebook.load import Rulebook

MEASURED = ("apply_rule_files", "detect_rulebook_junk", "any_rule_names")
"""The functions whose cumulative time is rule matching (engine, validator)."""


def cumulative_seconds(stats: pstats.Stats, name: str) -> float:
    """Cumulative seconds of the outermost calls of the function ``name``."""
    return sum(entry[3] for (_, _, function), entry in stats.stats.items() if function == name)


def measure(rulebook: Rulebook, docs: list[str]) -> dict[str, float]:
    """Milliseconds per document: in total and in each of MEASURED."""
    for text in docs[:5]:  # warm the lazily built parts (line model, caches)
        clean_document(make_document(text), rulebook)
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    for text in docs:
        clean_document(make_document(text), rulebook)
    profile.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profile)
    result = {"total (profiled)": wall}
    result |= {name: cumulative_seconds(stats, name) for name in MEASURED}
    return {name: seconds / len(docs) * 1000 for name, seconds in result.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="unique documents to clean")
    parser.add_argument("--site-files", type=int, default=0, help="synthetic site files to add")
    args = parser.parse_args()
    texts = seed_texts()
    docs = [unique_copy(texts[n % len(texts)], n + 1) for n in range(args.docs)]
    with tempfile.TemporaryDirectory() as temp:
        folders = []
        if args.site_files:
            folders = [write_site_files(Path(temp) / "sites", args.site_files)]
        rulebook = Rulebook.load(folders)
        for name, ms in measure(rulebook, docs).items():
            print(f"{name:24} {ms:8.3f} ms/doc")


if __name__ == "__main__":
    main()
