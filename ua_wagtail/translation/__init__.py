"""Translation with wagtail-localize under review: the workflow and its groups,
the state of each translation, checks of what translators type, and guards on
wagtail-localize's views."""
