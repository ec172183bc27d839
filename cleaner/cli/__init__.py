"""The ``cleaner`` command: ``main`` parses arguments and dispatches to the single-page
commands, ``batch`` (cleaning dumps), ``authoring`` (triage, suggest, lint, new-site,
review) and ``explain``.
"""
