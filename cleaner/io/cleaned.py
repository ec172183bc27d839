"""Reading back what ``cleaner clean`` wrote: the JSON values of a JSONL file, line by line.

One home for the review tools that read cleaned output (``cleaner validate``, ``cleaner sites``,
``cleaner report``): plain, gzip and zstd files stream in constant memory, blank lines are
skipped, and a line that is not JSON or a file that cannot be read is a ValueError naming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cleaner.io.compression import open_read


def jsonl_values(path: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line of the JSONL file at ``path``."""
    try:
        with open_read(path) as stream:
            for number, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                try:
                    yield number, json.loads(raw)
                except (ValueError, UnicodeDecodeError) as exc:
                    raise ValueError(f"{path}:{number}: not a JSON record: {exc}") from exc
    except (OSError, EOFError) as exc:  # a missing, truncated or corrupt file
        raise ValueError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
