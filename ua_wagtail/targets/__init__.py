"""Targets: the officials to write to and who gets a copy (a reusable snippet,
the targets block, their JSON and their admin listing)."""
