"""Serves the reference front end's static files from this folder.

Django's ``static()`` helper only works with ``DEBUG`` on; these views work with it
off too (the browser tests' live server runs with ``DEBUG = False``). Only the
front end's own assets are served: no other file of this folder is reachable.
"""

from pathlib import Path

from django.http import Http404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe
from django.views.static import serve

ROOT = Path(__file__).resolve().parent
ASSET_SUFFIXES = {".js", ".css", ".svg"}


@require_safe
@xframe_options_sameorigin  # Wagtail's headless preview shows the front end in a frame
def index(request):
    return serve(request, "index.html", document_root=ROOT)


@require_safe
def asset(request, name):
    if Path(name).suffix not in ASSET_SUFFIXES or not (ROOT / name).is_file():
        raise Http404
    return serve(request, name, document_root=ROOT)
