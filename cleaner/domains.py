"""The site a URL belongs to when no rule file claims it: its registrable domain.

``bbc.co.uk`` for ``https://www.bbc.co.uk/news/x`` and ``edition.cnn.com`` counts as
``cnn.com``, by the Public Suffix List (the ``publicsuffixlist`` package bundles a snapshot and
reads it from disk; nothing is fetched). The list already treats hosting platforms such as
``blogspot.com`` and ``github.io`` as suffixes, so each blog there is a site of its own;
``HOSTING_PLATFORMS`` adds the ones it lacks, where unrelated blogs live on one domain.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

HOSTING_PLATFORMS = frozenset(
    [
        "wordpress.com",
        "medium.com",
        "substack.com",
        "tumblr.com",
        "typepad.com",
        "livejournal.com",
        "weebly.com",
        "over-blog.com",
        "ghost.io",
        "beehiiv.com",
        "home.blog",
    ]
)
"""Blog hosts whose subdomains are unrelated sites but which the Public Suffix List does not
list (checked against the bundled snapshot; ``blogspot.com``, ``github.io``, ``wixsite.com``,
``netlify.app`` and ``bearblog.dev`` are on it): ``jane.wordpress.com`` is a site of its own."""

HOSTS_CACHED = 1 << 16
"""Hosts whose registrable domain is remembered: more than the sites of a big crawl shard, a few
megabytes at most."""


@lru_cache(maxsize=1)
def suffix_list() -> PublicSuffixList:
    """The bundled Public Suffix List, parsed once per process (about 30 ms)."""
    return PublicSuffixList()


def url_host(url: str | None) -> str | None:
    """The lower-cased host of a URL or bare host name, without a leading ``www.``."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # an unbalanced IPv6 bracket
        return None
    if not host:
        return None
    return host.rstrip(".").removeprefix("www.") or None


def registrable_domain(url: str | None) -> str | None:
    """'https://www.bbc.co.uk/news/x' -> 'bbc.co.uk', 'https://jane.wordpress.com/x' ->
    'jane.wordpress.com'; an IP address or single-label host as it is; None without a host."""
    host = url_host(url)
    return None if host is None else host_domain(host)


@lru_cache(maxsize=HOSTS_CACHED)
def host_domain(host: str) -> str:
    """``registrable_domain`` of a lower-cased host; remembered, since a batch asks about every
    page's host several times (its site, its templates, its summary row)."""
    if "." not in host or is_ip_address(host):
        return host
    labels = host.split(".")
    for depth in range(2, len(labels)):
        if ".".join(labels[-depth:]) in HOSTING_PLATFORMS:
            return ".".join(labels[-depth - 1 :])
    return suffix_list().privatesuffix(host) or host


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
