from wagtail import blocks


class UAStructBlock(blocks.StructBlock):
    """A struct block previewed in the block picker with the package's own CSS.

    Its template gets ``dom_id``, unique within the page, built from the stream
    child's id (which Wagtail puts in the context as ``id``), for headings that
    label sections and for the copy button's target.
    """

    class Meta:
        preview_template = "ua_wagtail/blocks/preview.html"

    def normalize(self, value):
        """Fill fields missing from a plain dict with their defaults.

        Wagtail does this when loading from the database but not for values built
        in Python (demo data, importers, tests), which would otherwise render empty.
        """
        if isinstance(value, dict) and not isinstance(value, blocks.StructValue):
            value = {
                name: value[name] if name in value else child.get_default()
                for name, child in self.child_blocks.items()
            }
        return super().normalize(value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        name = (self.name or "block").replace("_", "-")
        context["dom_id"] = f"ua-{name}-{context.get('id') or 'preview'}"
        return context
