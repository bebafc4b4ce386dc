"""The example site with a larger index page, for ``benchmarks.page_budget``."""

import os

from example_site.settings import *  # noqa: F403

UA_WAGTAIL_INDEX_PAGE_SIZE = int(os.environ.get("PAGE_BUDGET_INDEX_PAGE_SIZE", "12"))
