"""The JSON Schema of rule files, built from the rule-kind registry (rules/schema.json).

Editors (taplo, Even Better TOML) check rule files against ``rules/schema.json`` and the loader
checks them against it too. The file is generated here, so adding a kind (or a key to one)
cannot leave it behind: each kind declares the schema of its own keys (``key_schemas``) and of
what it requires (``required_schema``); the keys every rule shares, the file's keys and the
``[html]`` table are declared below, and the loader takes its lists of allowed keys from them.

    python bench/rule_schema.py            # check rules/schema.json against the registry
    python bench/rule_schema.py --write    # rewrite it
"""

from __future__ import annotations

import json
from typing import Any

from cleaner.rulebook.kinds import KINDS, REGISTRY
from cleaner.zones import ZONES

STRINGS_REF = {"$ref": "#/$defs/strings"}
"""A string or a list of strings, none empty."""
SIGNATURE_MIN_CHARS = 8
"""Shorter text is found in many sites' pages: it cannot identify one."""
RULE_ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
SELECTOR_NOTE = "CSS selectors, or XPath when starting with /, ./ or (."

FILE_PROPERTIES: dict[str, dict[str, Any]] = {
    "name": {
        "type": "string",
        "minLength": 1,
        "description": "Id prefix; default: the first label of the file name.",
    },
    "description": {"type": "string"},
    "domains": {
        **STRINGS_REF,
        "description": "Domains whose pages the file applies to (subdomains included).",
    },
    "signatures": {
        "oneOf": [
            {"type": "string", "minLength": SIGNATURE_MIN_CHARS},
            {"type": "array", "items": {"type": "string", "minLength": SIGNATURE_MIN_CHARS}},
        ],
        "description": "Text that marks the site in a dump without a URL (8+ characters).",
    },
    "html": {"$ref": "#/$defs/html"},
    "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
}
SHARED_RULE_PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {
        "type": "string",
        "pattern": RULE_ID_PATTERN,
        "description": "Lower-case letters, digits and '-'; the full id is <file name>.<id>.",
    },
    "kind": {"enum": list(KINDS)},
    "description": {"type": "string", "minLength": 1, "pattern": "\\S"},
    "match": {
        **STRINGS_REF,
        "description": "Whole-line literals (normalised: NFKC, whitespace squashed, edge "
        "quotes dropped, case folded).",
    },
    "contains": {**STRINGS_REF, "description": "Literals the normalised line contains."},
    "pattern": {
        "type": "string",
        "minLength": 1,
        "description": "A regex searched in the line (regex package, case-insensitive unless "
        "case_sensitive).",
    },
    "case_sensitive": {"type": "boolean"},
    "max_words": {"type": "integer", "minimum": 1},
    "zone": {"enum": list(ZONES)},
    "examples": {
        "type": "object",
        "additionalProperties": False,
        "required": ["junk"],
        "properties": {"junk": STRINGS_REF, "keep": STRINGS_REF},
    },
}
"""Keys every rule accepts, whatever its kind."""
HTML_PROPERTIES: dict[str, dict[str, Any]] = {
    "body": {
        **STRINGS_REF,
        "description": "The article container(s); the first that matches wins.",
    },
    "strip": {**STRINGS_REF, "description": "Elements removed before the body is looked for."},
    "strip_id_or_class": {
        **STRINGS_REF,
        "description": "Elements whose id is, or whose class list holds, the name.",
    },
    "title": {**STRINGS_REF, "description": SELECTOR_NOTE},
    "author": {**STRINGS_REF, "description": SELECTOR_NOTE},
    "date": {**STRINGS_REF, "description": SELECTOR_NOTE},
    "examples": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/html_example"}},
}
HTML_EXAMPLE_PROPERTIES: dict[str, dict[str, Any]] = {
    "html": {"type": "string"},
    "keep": STRINGS_REF,
    "drop": STRINGS_REF,
    "title": {"type": "string"},
}
MARKER_KEYS = ("match", "contains", "pattern")
"""A rule names what it matches with one of these."""


def any_of_required(keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {"anyOf": [{"required": [key]} for key in keys]}


def kind_properties() -> dict[str, dict[str, Any]]:
    """The keys some kind accepts beyond the shared ones; kinds sharing a key must agree."""
    found: dict[str, dict[str, Any]] = {}
    for kind in REGISTRY.values():
        for key, schema in kind.key_schemas.items():
            if found.setdefault(key, schema) != schema:
                raise ValueError(f"kind {kind.name!r} declares key {key!r} unlike another kind")
    return found


def kind_conditions() -> list[dict[str, Any]]:
    """Per kind: what a rule of it requires, and the keys no rule of another kind may have."""
    conditions = []
    for kind in REGISTRY.values():
        own = kind.own_keys.keys if kind.own_keys else ()
        if kind.required_schema is None and not own:
            continue
        condition: dict[str, Any] = {
            "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]},
            "then": kind.required_schema or {},
        }
        if own:
            forbidden = {"required": list(own)} if len(own) == 1 else any_of_required(own)
            condition["else"] = {"not": forbidden}
        conditions.append(condition)
    return conditions


def rule_schema() -> dict[str, Any]:
    properties = {**SHARED_RULE_PROPERTIES}
    examples = properties.pop("examples")
    return {
        "type": "object",
        "description": "One rule: what it matches (match/contains/pattern), what it does "
        "(kind), and examples.",
        "additionalProperties": False,
        "required": ["id", "kind", "description", "examples"],
        "properties": {**properties, **kind_properties(), "examples": examples},
        **any_of_required(MARKER_KEYS),
        "allOf": kind_conditions(),
    }


def rule_file_schema() -> dict[str, Any]:
    """The whole schema, as rules/schema.json holds it."""
    text = {"type": "string", "minLength": 1}
    strings = {"oneOf": [text, {"type": "array", "items": text}]}
    html = {
        "type": "object",
        "additionalProperties": False,
        "description": "Selectors for raw HTML pages of the site.",
        "properties": HTML_PROPERTIES,
        # directives without examples are refused: every selector is tested
        "if": {"minProperties": 1, "not": {"propertyNames": {"const": "examples"}}},
        "then": {"required": ["examples"]},
    }
    html_example = {
        "type": "object",
        "additionalProperties": False,
        "required": ["html"],
        "properties": HTML_EXAMPLE_PROPERTIES,
        **any_of_required(("keep", "drop")),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cleaner rule file",
        "description": "One TOML file per site (rules/sites/<domain>.toml) or a generic file "
        "(rules/generic/*.toml). The loader checks every file against this schema and reports "
        "problems as path:line: message.",
        "type": "object",
        "additionalProperties": False,
        "properties": FILE_PROPERTIES,
        "$defs": {
            "strings": strings,
            "rule": rule_schema(),
            "html": html,
            "html_example": html_example,
        },
    }


def schema_text() -> str:
    return json.dumps(rule_file_schema(), indent=2, ensure_ascii=False) + "\n"
