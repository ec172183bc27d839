"""The line model's batch prefetch changes no output: a chunk of records cleaned with its text
documents' input lines scored in one run (``cleaner.batch.run.clean_records``) gives the same
records, byte for byte, as each record cleaned on its own without the prefetch, and the
verdict reads the prefetched scores instead of running the model again."""

from __future__ import annotations

import json

import pytest

import cleaner.linemodel as linemodel
from cleaner.batch.run import BatchSettings, clean_records, cleaned_output, record_document
from cleaner.io import FieldNames, Record
from cleaner.linemodel import document_probabilities, documents_probabilities
from cleaner.pipeline import clean_document, prefetch_line_scores
from cleaner.text import split_lines
from tests.conftest import fixture_text_inputs

UNIQUE_COPIES = 3
"""Copies of each fixture made unique by a number in every long line, so a chunk holds new
lines beside repeated ones (as the throughput bench's documents do)."""


def unique_copy(text: str, number: int) -> str:
    return "\n".join(
        line.replace(" ", f" {number} ", 1) if len(line.split()) >= 8 else line
        for line in text.splitlines()
    )


def text_records() -> list[Record]:
    texts = fixture_text_inputs()
    texts += [unique_copy(t, n) for n in range(UNIQUE_COPIES) for t in fixture_text_inputs()]
    return [
        Record(n, "jsonl", json.dumps({"id": f"d{n}", "text": t}).encode())
        for n, t in enumerate(texts, 1)
    ]


def alone(record: Record, rulebook) -> dict:
    """The record cleaned on its own, no prefetch: the pipeline as ``cleaner.clean`` runs it."""
    doc = clean_document(record_document(record, FieldNames()), rulebook)
    return cleaned_output(record, doc)


def encoded(output: dict) -> bytes:
    return json.dumps(output, ensure_ascii=False).encode()


def test_a_prefetched_chunk_cleans_to_the_same_bytes(rulebook) -> None:
    records = text_records()
    together = clean_records(records, rulebook, BatchSettings(record_seconds=None))
    assert [encoded(o) for o in together] == [encoded(alone(r, rulebook)) for r in records]
    assert all("verdict" in output for output in together)


def test_the_verdict_reads_the_prefetched_scores(rulebook, monkeypatch) -> None:
    docs = [record_document(record, FieldNames()) for record in text_records()]
    prefetch_line_scores(docs)
    inputs = [tuple(filter(str.strip, split_lines(doc.raw))) for doc in docs]
    for doc, texts in zip(docs, inputs, strict=True):
        assert (texts, "dump", None) in doc.line_scores
    asked: list[tuple[str, ...]] = []
    scored = linemodel.documents_probabilities

    def spy(documents, context, library=None):
        asked.extend(documents if context == "dump" else [])
        return scored(documents, context, library)

    monkeypatch.setattr(linemodel, "documents_probabilities", spy)
    for doc in docs:
        clean_document(doc, rulebook)
    assert not set(asked) & set(inputs)  # every input list was answered by its memo


def test_scores_in_a_batch_are_the_floats_of_one_document_at_a_time() -> None:
    documents = [tuple(filter(str.strip, t.splitlines())) for t in fixture_text_inputs()]
    documents = [texts for texts in documents if texts]
    for context in ("dump", "cleaned"):
        together = documents_probabilities(documents, context)
        one_by_one = [document_probabilities(texts, context) for texts in documents]
        assert together == one_by_one  # floats compared exactly
        assert [len(scores) for scores in together] == [len(texts) for texts in documents]


@pytest.mark.parametrize("validate", [True, False])
def test_clean_records_keeps_order_and_errors(rulebook, validate: bool) -> None:
    records = text_records()[:4]
    records.insert(2, Record(99, "jsonl", b"not json"))
    outputs = clean_records(records, rulebook, BatchSettings(validate=validate))
    assert [o["line"] for o in outputs] == [r.line for r in records]
    assert outputs[2]["error"]["type"] == "InvalidJSON"
    assert all(("verdict" in o) == validate for i, o in enumerate(outputs) if i != 2)
