"""Check or rewrite rules/schema.json from the rule-kind registry (cleaner.rulebook.schema).

python bench/rule_schema.py            # exit 1 when the committed file is out of date
python bench/rule_schema.py --write    # rewrite it
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner.rulebook.schema import schema_text  # noqa: E402

SCHEMA = ROOT / "rules" / "schema.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite rules/schema.json")
    args = parser.parse_args(argv)
    if args.write:
        SCHEMA.write_text(schema_text(), "utf-8")
        print(f"wrote {SCHEMA.relative_to(ROOT)}")
        return 0
    if SCHEMA.read_text("utf-8") != schema_text():
        print(f"{SCHEMA.relative_to(ROOT)} is out of date: run python bench/rule_schema.py --write")
        return 1
    print(f"{SCHEMA.relative_to(ROOT)} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
