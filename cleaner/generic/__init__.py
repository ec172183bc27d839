"""The generic pass: what cleans a site nobody wrote rules for.

``steps`` holds the structural heuristics (title and its repeats, head lines, duplicates, the
body region), ``region`` the body-region finder over learned line scores, ``junk_patterns``
the site-independent junk vocabulary the validator reuses, and ``dates`` the date and time
shapes both read.
"""
