from django import forms
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from wagtail.views import serve

from .models import BareCounter, BareReport


class BareForm(forms.Form):
    letter = forms.IntegerField(min_value=0, max_value=10, required=False)
    email = forms.IntegerField(min_value=0, max_value=10, required=False)
    country = forms.CharField(max_length=2, required=False)


@csrf_exempt  # the floor of the stack: no token round trip to set up
def bare_report(request):
    """Validate a form, then one INSERT and one counter UPDATE in a transaction."""
    form = BareForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    data = form.cleaned_data
    with transaction.atomic():
        BareReport.objects.create(
            letter=data["letter"] or 0,
            email=data["email"] or 0,
            country=data["country"],
        )
        BareCounter.objects.filter(pk=1).update(
            count=F("count") + (data["letter"] or 0) + (data["email"] or 0)
        )
    return HttpResponse(status=201)


#: Where the page-serving benchmark puts its PlainPage, below the home page.
#: The plain page is as deep in the tree as the seed UA page (home, a parent,
#: the page), so that both take the same routing, one query a level.
PLAIN_PARENT_SLUG, PLAIN_PAGE_SLUG = "plain-pages", "plain-page"


@cache_page(300)
def cached_plain_page(request):
    """The PlainPage as Wagtail serves it, kept in the cache (Redis) by cache_page."""
    return serve(request, f"/{PLAIN_PARENT_SLUG}/{PLAIN_PAGE_SLUG}/")
