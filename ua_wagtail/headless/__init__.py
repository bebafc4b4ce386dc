"""Urgent Actions for headless front ends: an optional app, ``ua_wagtail.headless``.

It gives the page models their ``api_fields`` (typed JSON for every field, read by
Wagtail's APIs v2 and v3, documented by :mod:`.schemas`), the v2 preview endpoint,
v3's locales, the API middleware and the CORS policy. Blocks describe their own
JSON (``get_api_representation``), as Wagtail's blocks do. A site that serves no
APIs leaves it out of ``INSTALLED_APPS``.
"""
