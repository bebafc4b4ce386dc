from wagtail import blocks


class UAStructBlock(blocks.StructBlock):
    """A struct block previewed in the block picker with the package's own CSS.

    Its template gets ``dom_id``, unique within the page, built from the stream
    child's id (which Wagtail puts in the context as ``id``), for headings that
    label sections and for the copy button's target.
    """

    class Meta:
        preview_template = "ua_wagtail/blocks/preview.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        name = (self.name or "block").replace("_", "-")
        context["dom_id"] = f"ua-{name}-{context.get('id') or 'preview'}"
        return context
