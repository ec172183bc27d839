"""``python -m cleaner``: the same command as ``cleaner``."""

import sys

from cleaner.cli.main import main

sys.exit(main())
