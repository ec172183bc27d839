"""Rule files, from TOML to what acts on a document's lines.

``load`` checks and compiles rule files into a ``Rulebook`` and finds a document's sites;
``rules`` holds the compiled rule and its line matchers; ``engine`` applies a file's rules to a
document; ``examples`` runs every rule's own examples; ``lineindex`` narrows the rulebook to
the files that could act on a line (the validator's rulebook-wide check); ``cache`` pickles a
compiled rulebook so a big one loads in a fraction of a second.
"""
