"""Rule files, from TOML to what acts on a document's lines.

``load`` checks rule files (``checks``) and compiles them into a ``Rulebook`` and finds a
document's sites; ``rules`` holds the line matchers and the fields every rule has; ``kinds/`` the
closed set of rule kinds, one module each behind a registry (keys, compile, apply, examples
check, what the validator may ask); ``scan`` compiles a rulebook's matchers into one scan that
says which rules hit which lines (the engine's and the validator's); ``hits`` is what a kind acts
on; ``engine`` applies a file's rules to a document; ``examples`` runs every rule's own examples;
``cache`` pickles a compiled rulebook so a big one loads in a fraction of a second.
"""
