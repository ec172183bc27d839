"""The rule-authoring loop: find the sites that need rules (``triage``), draft them
(``suggest``, ``suggest_html``, ``new_site``), check them (``lint``) and show what they remove
(``review_page``).
"""
