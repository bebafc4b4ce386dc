"""Urgent Actions in Wagtail's APIs: typed JSON for every field and block.

Blocks describe themselves in JSON through ``get_api_representation`` (as Wagtail's
own blocks do), the pydantic models in :mod:`.schemas` document that JSON, and the
page models list their ``api_fields`` with serializers from :mod:`.fields`, which
API v2 and API v3 both read.
"""
