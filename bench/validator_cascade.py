"""Would a cascade inside the validator pay? The line model's estimate only where the cheap
evidence doubts.

The verdict's line model estimate (``cleaner.validate.estimates.estimates_of``: the model over
the whole input, for the junk share of the kept lines and the story lost near them) is a
quarter of the text path's time and a sixth of the HTML path's. Its shares only ever lower
the predicted quality (each is one term of a ``max``), so a page whose cheap evidence alone
(junk findings, the headline check, the page's own story text, the prose left on a text
input) already predicts a poor F1 needs no model to be judged poor; the question is the other
side: how many pages the cheap evidence calls clearly fine, and how many of those the model
goes on to fail.

This reads the outcomes of ``bench/verdicts.py --save`` (which keep every share the verdict
was made of), recomputes each page's raw quality without the model's shares, and for each
threshold counts the pages a cascade would skip (cheap raw quality at least the threshold) and,
among them, the pages the full verdict fails: each of those would pass unjudged. No cleaning,
no model: seconds.

    python bench/verdicts.py --dataset big9 --dataset wcxb-dev --workers 1 --save outcomes.jsonl
    python bench/validator_cascade.py outcomes.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner.validate.estimates import (  # noqa: E402
    HEADLINE_JUNK_SCALE,
    HEADLINE_MISSING_MIN,
    MODEL_JUNK_SCALE,
    MODEL_LOST_SCALE,
    PAGE_LOST_MIN,
    PROSE_LOST_SCALE,
    gated,
    predicted_f1,
    reference_capped,
)

THRESHOLDS = (0.95, 0.98, 0.99, 1.0)
"""Cheap raw qualities from which a cascade would call a page clearly fine."""
BAD_F1, GOOD_F1 = 0.9, 0.95
"""The issue's bad and good pages (bench/fit_verdicts.py)."""
MEDIUM_WEIGHT = 0.5
"""A medium junk finding's weight (``estimates.JUNK_WEIGHT``); a high one counts whole."""


def shares(page: dict, model: bool) -> tuple[float, float | None]:
    """(junk share, lost share) as ``estimates.Estimates`` makes them from the page's saved
    evidence, with or without the line model's two shares (lost near the story is the model's
    window too: without it only the page-wide prose share remains)."""
    findings = page["junk_high"] + MEDIUM_WEIGHT * page["junk_medium"]
    headline = HEADLINE_JUNK_SCALE * gated(page["headline_missing"], HEADLINE_MISSING_MIN)
    junk_model = MODEL_JUNK_SCALE * page["junk_model"] if model else 0.0
    junk = reference_capped(
        min(max(findings, junk_model, headline), 1.0), page["reference_precision"]
    )
    prose, lost_model = page["lost_prose"], page["lost_model"]
    if not model:
        lost = None if prose is None else 0.0
    elif prose is None or lost_model is None:
        lost = prose
    else:
        lost = min(max(PROSE_LOST_SCALE * prose, MODEL_LOST_SCALE * lost_model), 1.0)
    if lost is not None:
        lost = max(lost, gated(page["page_lost"], PAGE_LOST_MIN))
        lost = reference_capped(lost, page["reference_recall"])
    return junk, lost


def check_reconstruction(pages: list[dict]) -> int:
    """Pages whose saved shares the recomputation with the model does not give back."""
    wrong = 0
    for page in pages:
        junk, lost = shares(page, model=True)
        saved = page["lost_share"]
        same_lost = (lost is None) == (saved is None) and (lost is None or abs(lost - saved) < 1e-6)
        wrong += abs(junk - page["junk_share"]) >= 1e-6 or not same_lost
    return wrong


def table(pages: list[dict]) -> list[str]:
    rows = [
        "| input | part | cheap raw quality at least | pages skipped | of them failed by the "
        "full verdict | bad among those | good among those | bad pages skipped |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("dump", "html"):
        for part in ("tune", "held"):
            group = [p for p in pages if p["kind"] == kind and p["part"] == part]
            for threshold in THRESHOLDS:
                skipped = [p for p in group if p["words"] and p["cheap_raw"] >= threshold]
                failed = [p for p in skipped if p["status"] == "fail"]
                bad_failed = sum(p["f1"] < BAD_F1 for p in failed)
                good_failed = sum(p["f1"] >= GOOD_F1 for p in failed)
                bad = sum(p["f1"] < BAD_F1 for p in skipped)
                rows.append(
                    f"| {kind} | {part} | {threshold} | {len(skipped)} of {len(group)} "
                    f"({len(skipped) / max(len(group), 1):.0%}) | {len(failed)} | {bad_failed} "
                    f"| {good_failed} | {bad} |"
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outcomes", type=Path, help="bench/verdicts.py --save output")
    args = parser.parse_args(argv)
    pages = [json.loads(line) for line in args.outcomes.open(encoding="utf-8")]
    wrong = check_reconstruction(pages)
    if wrong:
        print(f"{wrong} of {len(pages)} pages' shares are not recomputed: the formula moved")
        return 1
    for page in pages:
        junk, lost = shares(page, model=False)
        page["cheap_raw"] = predicted_f1(junk, lost) if page["words"] else 0.0
    print(f"{len(pages)} pages, every saved share recomputed exactly")
    print("\n".join(table(pages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
