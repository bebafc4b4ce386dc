import pytest
from wagtail.models import Page, Site

from example_site.home.models import HomePage

from .factories import UrgentActionIndexPageFactory


@pytest.fixture
def home(db):
    """The example site's home page as the default site's root."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "port": 80},
    )
    return home


@pytest.fixture
def index_page(home):
    return UrgentActionIndexPageFactory(parent=home, slug="urgent-actions")
