import pytest
from wagtail.contrib.frontend_cache.backends.base import BaseBackend


class RecordingBackend(BaseBackend):
    """A front-end cache that writes down what it is asked to purge."""

    purged: list[str] = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


class Purges:
    """What the front-end cache was asked to purge, each URL as often as asked."""

    def __init__(self, capture):
        self.capture = capture
        RecordingBackend.purged.clear()

    def during(self, change) -> set[str]:
        """The URLs purged while ``change()`` runs, once its transaction commits
        (the tests' transaction never does: its commit callbacks run here)."""
        RecordingBackend.purged.clear()
        with self.capture(execute=True):
            change()
        return set(RecordingBackend.purged)

    @property
    def all(self) -> list[str]:
        return list(RecordingBackend.purged)


@pytest.fixture
def purges(settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.caching.conftest.RecordingBackend"}
    }
    yield Purges(django_capture_on_commit_callbacks)
    RecordingBackend.purged.clear()
