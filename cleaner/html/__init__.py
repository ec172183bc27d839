"""The HTML path, one module per step, in the order a page goes through them.

- ``decode``: page bytes to text (BOM, declared charset, detection); imports no extractor.
- ``parse``: text to a bounded lxml tree (no network, no entities, size and depth limits).
- ``directives``: a rule file's ``[html]`` table as ``HtmlDirectives``, compiled once at load.
- ``prune``: remove what the matched files' ``strip`` / ``strip_id_or_class`` name.
- ``extract``: the site's ``body`` container, else trafilatura (``choice`` picks the reading).
- ``metadata``: title, author and date from selectors, meta tags and trafilatura's title.
- ``lines``: an element's text one block a line; the page's text for the validator.
- ``examples``: run a rule file's ``[[html.examples]]``.

The rulebook imports ``directives`` alone; of these modules only ``extract`` imports the
rulebook, and only for its types (it is handed the rulebook to find a page's site files).
"""
