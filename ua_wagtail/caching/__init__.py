"""Purging a CDN's or a caching proxy's copies when content changes.

Wagtail's ``wagtail.contrib.frontend_cache`` purges a page when it is published
or unpublished. An Urgent Action shows up in more places than its own URL: its
translations link to it, its index and the home page list it, the APIs serve it
by id, another action links to it as the previous one in a series, and a target
edited in the snippets changes every page that names it. :mod:`.urls` works out
those URLs, :mod:`.handlers` purges them when something changes; see
docs/caching.md.
"""
