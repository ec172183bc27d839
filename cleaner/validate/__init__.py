"""The validator: an independent judgement of a cleaned body, as a ``Verdict``."""
