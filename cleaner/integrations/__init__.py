"""Adapters that run the cleaner inside other data tools (``cleaner.integrations.datatrove``).

Each adapter imports its tool only when used; install the matching extra, e.g.
``pip install 'crawl-cleaner[datatrove]'``.
"""
