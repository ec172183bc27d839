"""A datatrove pipeline step that cleans each Document: ``CleanerStep``.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(pipeline=[
        WarcReader("crawl/"),
        CleanerStep(drop_failed=True, exclusion_writer=JsonlWriter("removed/")),
        JsonlWriter("clean/"),
    ], tasks=4).run()

The step takes what a reader hands on: ``doc.text`` is a text dump or a raw HTML page (told
apart by its head), and ``doc.metadata["url"]`` (WarcReader sets it) finds site rules. It
replaces ``doc.text`` with the cleaned body and adds ``title``, ``sites``, ``removals`` (lines
removed), the whole verdict (``verdict``: ``ok``/``warn``/``fail``; ``verdict_reason``;
``quality``, the predicted word F1; ``junk_share`` and ``lost_share``; ``page_type``) and
``cleaner_warnings`` to ``doc.metadata``, so a later filter can drop on any of them. As
datatrove's filters do, documents it drops go to ``exclusion_writer``
when one is given, with ``filter_reason``: ``verdict_fail`` (with ``drop_failed``), ``empty``
(nothing left after cleaning) or ``error`` (a page that cannot be parsed). The rulebook is
loaded once per task, in the worker, from the bundled rules plus ``rules`` folders.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

try:
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # the optional extra is missing: say which one to install
    raise ImportError(
        "cleaner.integrations.datatrove needs datatrove: pip install 'crawl-cleaner[datatrove]'"
    ) from exc

from cleaner.pipeline import clean_document, make_document

if TYPE_CHECKING:
    from datatrove.data import Document as DatatroveDocument
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.writers.disk_base import DiskWriter

    from cleaner.document import Document
    from cleaner.rulebook.load import Rulebook


class CleanerStep(PipelineStep):
    """Clean each document's text or HTML; optionally drop those the validator fails."""

    name = "🧹 crawl-cleaner"
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        rules: list[str] | None = None,
        *,
        kind: str | None = None,
        drop_failed: bool = False,
        validate: bool = True,
        exclusion_writer: DiskWriter | None = None,
        url_key: str = "url",
    ) -> None:
        """``kind``: "text" or "html" to skip sniffing; ``validate=False`` gives no verdict
        (faster; then ``drop_failed`` drops nothing)."""
        super().__init__()
        self.rules = tuple(rules or ())
        self.kind = kind
        self.drop_failed = drop_failed
        self.validate = validate
        self.exclusion_writer = exclusion_writer
        self.url_key = url_key
        self._warned_error = False

    def rulebook(self) -> Rulebook:
        from cleaner.rulebook.cache import load_rulebook_cached

        return load_rulebook_cached(self.rules)

    def clean(self, doc: DatatroveDocument, rulebook: Rulebook) -> str | None:
        """Clean ``doc`` in place; return why it is dropped, or None to keep it."""
        url = doc.metadata.get(self.url_key)
        page = make_document(doc.text, str(url) if url else None, self.kind, doc.id)
        try:
            cleaned = clean_document(page, rulebook, self.validate)
        except Exception as exc:  # one bad page is that page's loss, not the task's
            self.note_error(doc, exc)
            return "error"
        doc.text = cleaned.text
        doc.metadata.update(cleaner_metadata(cleaned))
        if not doc.text:
            return "empty"
        if self.drop_failed and doc.metadata["verdict"] == "fail":
            return "verdict_fail"
        return None

    def note_error(self, doc: DatatroveDocument, exc: Exception) -> None:
        doc.metadata["cleaner_error"] = f"{type(exc).__name__}: {exc}"
        if not self._warned_error:  # as datatrove's extractors do: once, then only counted
            logger.warning(f"cleaner could not clean document {doc.id}: {exc} (shown once)")
            self._warned_error = True

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        rulebook = self.rulebook()
        excluded = self.exclusion_writer or contextlib.nullcontext()
        with excluded as writer:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    reason = self.clean(doc, rulebook)
                if reason is None:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                    continue
                self.stat_update(StatHints.dropped, f"dropped_{reason}")
                if writer is not None:
                    doc.metadata["filter_reason"] = reason
                    writer.write(doc, rank)


VERDICT_FIELDS = ("reason", "quality", "junk_share", "lost_share", "page_type")
"""The verdict's fields beside its status that the step writes (``verdict_reason`` for the
reason: datatrove's own ``reason`` keys mean a filter's)."""


def cleaner_metadata(cleaned: Document) -> dict[str, Any]:
    """What the step adds to ``doc.metadata`` (plain values: every writer can store them)."""
    metadata: dict[str, Any] = {
        "title": cleaned.title,
        "sites": list(cleaned.sites),
        "removals": len(cleaned.removed),
        "verdict": None,
        "page_type": cleaned.page_type or None,
    }
    if cleaned.verdict is not None:
        verdict = cleaned.verdict.to_dict()
        metadata["verdict"] = verdict["status"]
        for key in VERDICT_FIELDS:
            metadata["verdict_reason" if key == "reason" else key] = verdict[key]
    if cleaned.warnings:
        metadata["cleaner_warnings"] = list(cleaned.warnings)
    return metadata
