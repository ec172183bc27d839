"""The HTML path: decode, parse, prune the site's and the generic selectors, extract the
body with trafilatura, and choose among readings (``choice``) by what the page is.
"""
