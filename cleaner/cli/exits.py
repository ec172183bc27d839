"""The exit statuses of the ``cleaner`` command, one home for every command.

0: done (and, for ``validate`` and ``test-rules``, nothing failed); 1: the run could not
complete, or a check failed, or a batch input was damaged (its readable records were written
all the same); 2: the command line or an input was unusable, said in one line.
"""

import signal

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
SHELL_SIGNAL_BASE = 128
"""A shell reports a process killed by signal N as 128 + N."""
EXIT_INTERRUPTED = SHELL_SIGNAL_BASE + signal.SIGINT
"""Ctrl-C: what a shell reports for a tool killed by SIGINT."""
EXIT_BROKEN_PIPE = SHELL_SIGNAL_BASE + signal.SIGPIPE
"""What a shell reports for a tool killed by SIGPIPE (``cleaner clean big.jsonl | head -1``)."""
