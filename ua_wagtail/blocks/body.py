"""Where the migrations find the body's default (``default_body``)."""

from ..pages.blocks import UrgentActionBodyBlock, default_body

__all__ = ["UrgentActionBodyBlock", "default_body"]
