import pytest
from wagtail.models import Locale, Page, Site

from example_site.home.models import HomePage

from .factories import UrgentActionIndexPageFactory


@pytest.fixture
def home(db):
    """The example site's home page as the default site's root."""
    # Transactional tests flush the data Wagtail's migrations create: restore it.
    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
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


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts with no rate-limit counters (they live in the cache), in
    English (a request to a translated page leaves its language active), and with
    no content types cached from before a transactional test's flush."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.utils import translation

    ContentType.objects.clear_cache()
    cache.clear()
    translation.activate("en")
    yield
    cache.clear()
    translation.activate("en")


@pytest.fixture
def ua_page(index_page):
    """A live Urgent Action whose body has a report form."""
    from .factories import TargetFactory, UrgentActionPageFactory, targets_body

    return UrgentActionPageFactory(
        parent=index_page,
        slug="free-jane",
        body=targets_body([TargetFactory()]) + [("report_form", {"goal": 100})],
    )


@pytest.fixture
def stored():
    """A snapshot of every report and tally, to check that a refusal stored nothing."""
    from ua_wagtail.models import ActionReport, ActionTally

    def snapshot():
        return (
            list(ActionReport.objects.order_by("pk").values()),
            list(ActionTally.objects.order_by("pk").values()),
        )

    return snapshot


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, for tools that call it directly (schemathesis).

    Like Django's test client, it keeps the test's database connection open across
    requests: otherwise each request's end closes it, with the test's transaction.
    """
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
