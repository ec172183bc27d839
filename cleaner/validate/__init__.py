"""The validator: an independent judgement of a cleaned body, as a ``Verdict``.

``verdict`` runs the detectors of ``residual`` (what any rule file or the junk library would
still remove), ``structure`` (menus, link rows, repeats, headlines, stray and off-topic lines)
and ``integrity`` (empty, stub, over-stripped, cut) over a ``context``; ``estimates`` turns the
findings and the line model into junk and lost-story shares; ``records`` reads and reports for
``cleaner validate``.
"""
