"""Urgent Action campaign pages for Wagtail."""

__version__ = "0.1.0"
