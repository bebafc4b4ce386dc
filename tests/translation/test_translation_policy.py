"""The field policy table in docs/translation.md is what wagtail-localize does.

Every row is checked against the models' ``translatable_fields`` or against the
segments wagtail-localize extracts from a page with every block, and every field
and block must have a row.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail import blocks
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
)

from ua_wagtail.blocks import UrgentActionBodyBlock
from ua_wagtail.models import Target, UrgentActionIndexPage, UrgentActionPage

TABLE = Path(__file__).resolve().parents[2] / "docs" / "translation.md"
MODELS = {
    "Urgent Action page": UrgentActionPage,
    "Urgent Action index": UrgentActionIndexPage,
    "Target": Target,
}
TRANSLATED_WITH_PAGE = "the target, translated with the page"


def policy_table() -> dict[str, dict[str, str]]:
    """{part: {field: policy}} from the table under "## Field policy"; a target's
    row is keyed with its role, as in ``targets.targets.*.target (cc)``."""
    text = TABLE.read_text().split("## Field policy", 1)[1].split("\n## ", 1)[0]
    rows = {}
    row = r"^\| ([^|`]+?) \| `([^`]+)`(?: \((\w+)\))? \| ([^|]+?) \|$"
    for part, field, role, policy in re.findall(row, text, re.M):
        key = f"{field} ({role.lower()})" if role else field
        rows.setdefault(part, {})[key] = policy
    return rows


def declared_policy(model) -> dict[str, str]:
    policy = {}
    for field in model.translatable_fields:
        if isinstance(field, TranslatableField):
            policy[field.field_name] = "translatable"
        elif isinstance(field, SynchronizedField) and field.overridable:
            policy[field.field_name] = "synchronised, overridable"
        else:
            policy[field.field_name] = "synchronised"
    return policy


def own_fields(model) -> set[str]:
    """Fields the model adds to Wagtail's: each needs a policy."""
    inherited = Page if issubclass(model, Page) else None
    names = set()
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created:
            continue
        if inherited and field.name in {f.name for f in Page._meta.get_fields()}:
            continue
        if field.name in {"locale", "translation_key"}:
            continue
        names.add(field.name)
    return names


@pytest.mark.parametrize("part", MODELS)
def test_model_fields_follow_the_table(part):
    model, table = MODELS[part], policy_table()[part]
    declared = declared_policy(model)
    if "body" in declared:
        assert table["body"] == "by block, below"
        declared["body"] = "by block, below"
    assert declared == table
    assert own_fields(model) <= set(declared), "a field without a policy"


def block_paths(block, prefix=""):
    """Every leaf of a block definition: ``targets.targets.*.role``."""
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from block_paths(child, f"{prefix}.{name}" if prefix else name)
    elif isinstance(block, blocks.ListBlock):
        yield from block_paths(block.child_block, f"{prefix}.*")
    elif isinstance(block, blocks.StreamBlock):
        for name, child in block.child_blocks.items():
            yield from block_paths(child, name)
    else:
        yield prefix


def definition_path(page, segment_path: str) -> tuple[str, str]:
    """``body.<block id>.targets.<item id>.target`` → ``targets.targets.*.target``,
    with the role of the target item it belongs to, if any."""
    _field, block_id, *rest = segment_path.split(".")
    child = next(c for c in page.body if c.id == block_id)
    parts, value, block, role = [child.block_type], child.value, child.block, ""
    for name in rest:
        if isinstance(block, blocks.ListBlock):
            item = next(i for i in value.bound_blocks if i.id == name)
            parts.append("*")
            block, value = block.child_block, item.value
            role = value.get("role", role) if hasattr(value, "get") else role
        else:
            parts.append(name)
            block, value = block.child_blocks[name], value[name]
    return ".".join(parts), role


def kind(segment) -> str:
    if isinstance(segment, StringSegmentValue):
        return "translatable"
    if isinstance(segment, OverridableSegmentValue):
        return "synchronised, overridable"
    if isinstance(segment, RelatedObjectSegmentValue):
        return TRANSLATED_WITH_PAGE
    return ""  # the template of a rich text: its strings carry the policy


@pytest.mark.django_db
def test_every_block_field_follows_the_table():
    call_command("demo", "--original-dates", "--languages", stdout=StringIO())
    page = UrgentActionPage.objects.get(
        locale__language_code="en"
    )  # every block, with a primary and a CC target
    table = policy_table()["Body block"]
    seen = {}
    for segment in extract_segments(page):
        if not segment.path.startswith("body."):
            continue  # the page's own fields: checked above
        path, role = definition_path(page, segment.path)
        if path.endswith(".target"):
            path = f"{path} ({role})"
        if kind(segment):
            seen[path] = kind(segment)
    leaves = set(block_paths(UrgentActionBodyBlock()))
    expected = {}
    for leaf in leaves:
        if leaf.endswith(".target"):
            for role in ("primary", "cc"):
                expected[f"{leaf} ({role})"] = seen.get(
                    f"{leaf} ({role})", "synchronised"
                )
        else:
            expected[leaf] = seen.get(leaf, "synchronised")
    assert expected == table
