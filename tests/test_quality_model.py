"""The verdict's quality model: its trees read as written, its features as the verdict gives
them, and the shipped model gives the verdict's quality, never its status."""

from __future__ import annotations

import math

import pytest

import cleaner.validate.verdict as verdict_module
from cleaner import clean
from cleaner.rulebook.load import Rulebook
from cleaner.validate.calibration import calibrated_quality, fail_line
from cleaner.validate.quality_model import (
    FEATURES,
    QUALITY_STEP,
    model_from,
    quality_model,
    settled_quality,
)
from cleaner.validate.verdict import Verdict, validate_text

STORY = "\n\n".join(
    f"Paragraph {n} of the council's report says the new bus lanes opened on time and the "
    "riders who wrote in were mostly pleased with the shorter trips."
    for n in range(6)
)


def cleaned_verdict() -> Verdict:
    """The verdict of a cleaning run, whose input is known (what the model was fitted on)."""
    doc = clean(STORY, kind="text", rulebook=Rulebook.load())
    assert doc.verdict is not None and doc.verdict.basis.kept_share is not None
    return doc.verdict


def spec(trees: list[dict]) -> dict:
    return {"features": list(FEATURES), "base": 0.5, "trees": trees}


def test_a_tree_splits_at_or_under_its_threshold_to_the_left() -> None:
    tree = {"feature": [1, 0, 0], "threshold": [0.2, 0, 0], "left": [1, -1, -1],
            "right": [2, -1, -1], "value": [0.0, 0.4, -0.3]}  # fmt: skip
    model = model_from(spec([tree]))
    row = [0.0] * len(FEATURES)
    row[1] = 0.2
    assert model.predict(row) == pytest.approx(0.9)
    row[1] = 0.21
    assert model.predict(row) == pytest.approx(0.2)


def test_a_prediction_stays_between_0_and_1() -> None:
    leaf = {"feature": [0], "threshold": [0.0], "left": [-1], "right": [-1], "value": [0.8]}
    assert model_from(spec([leaf])).predict([0.0] * len(FEATURES)) == 1.0


def test_a_blended_model_is_drawn_toward_the_raw_estimate() -> None:
    """``blend``: that share of the trees' prediction, the rest the estimate whose log-odds
    lead the row; a model written without it reads the trees alone."""
    leaf = {"feature": [0], "threshold": [0.0], "left": [-1], "right": [-1], "value": [0.3]}
    row = [0.0] * len(FEATURES)
    row[0] = math.log(0.6 / 0.4)  # the raw estimate 0.6
    assert model_from(spec([leaf])).predict(row) == pytest.approx(0.8)
    blended = model_from({**spec([leaf]), "blend": 0.5})
    assert blended.predict(row) == pytest.approx(0.5 * 0.8 + 0.5 * 0.6)


def test_a_model_for_other_features_is_refused() -> None:
    with pytest.raises(ValueError, match="other features"):
        model_from({"features": ["estimate_odds"], "base": 0.5, "trees": []})


def test_the_verdicts_quality_is_the_shipped_models_settled() -> None:
    """The raw quality is the shares' own estimate (whose log-odds lead the row); the quality
    is its calibration's, or with a model shipped the model's kept on its side of the line."""
    verdict = cleaned_verdict()
    assert len(verdict.features) == len(FEATURES)
    odds = verdict.features[FEATURES.index("estimate_odds")]
    assert verdict.raw_quality == pytest.approx(1 / (1 + math.exp(-odds)), abs=1e-3)
    estimated = calibrated_quality(verdict.raw_quality, "unknown")
    model = quality_model()
    if model is None:
        assert verdict.quality == pytest.approx(estimated)
    else:
        line = fail_line("unknown")
        predicted = model.predict(verdict.features)
        assert verdict.quality == pytest.approx(settled_quality(predicted, estimated, line))


def test_a_shipped_model_gives_the_number_not_the_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that reads every page as F1 0.5 lowers a clean story's quality to its type's
    fail line and no further: the status stays the estimate's."""
    alone = cleaned_verdict()
    leaf = {"feature": [0], "threshold": [0.0], "left": [-1], "right": [-1], "value": [0.0]}
    monkeypatch.setattr(verdict_module, "quality_model", lambda: model_from(spec([leaf])))
    verdict = cleaned_verdict()
    assert verdict.raw_quality == pytest.approx(alone.raw_quality)
    assert (verdict.status, verdict.reason) == (alone.status, alone.reason)
    assert alone.quality >= fail_line("unknown")
    assert verdict.quality == pytest.approx(fail_line("unknown"))


def test_a_body_alone_keeps_the_calibrated_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Judged without its input (no kept share), a body is not read by the model, which was
    fitted on cleaned pages whose input was known: a clean body alone keeps its estimate."""
    leaf = {"feature": [0], "threshold": [0.0], "left": [-1], "right": [-1], "value": [0.0]}
    monkeypatch.setattr(verdict_module, "quality_model", lambda: model_from(spec([leaf])))
    verdict = validate_text(STORY, Rulebook.load())
    assert verdict.basis.kept_share is None
    assert verdict.quality == pytest.approx(calibrated_quality(verdict.raw_quality, "unknown"))


def test_a_settled_quality_stays_on_the_estimates_side_of_the_line() -> None:
    line = 0.785
    assert settled_quality(0.95, 0.70, line) == pytest.approx(line - QUALITY_STEP)
    assert round(settled_quality(0.95, 0.70, line), 4) < line
    assert settled_quality(0.40, 0.70, line) == pytest.approx(0.40)
    assert settled_quality(0.40, 0.90, line) == pytest.approx(line)
    assert settled_quality(0.97, 0.90, line) == pytest.approx(0.97)
