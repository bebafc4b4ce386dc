"""Tokens that let a CRM read the OSDI API, sent in OSDI's own header,
``OSDI-API-Token``.

A token is made once (:func:`make_token`): its raw value is returned to be
shown to the person who made it, and only its SHA-256 hash is kept, with its
first characters to tell tokens apart. A request is authenticated by hashing
the token it sends and looking the hash up (:func:`authenticate`): the lookup
compares hashes, never the token, so its time says nothing about the token.
"""

import datetime
import hashlib
import secrets

from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ApiToken

#: The request header a CRM sends the token in (OSDI's own name).
HEADER = "OSDI-API-Token"
META_KEY = "HTTP_OSDI_API_TOKEN"
#: How many characters of the token are kept to tell tokens apart.
PREFIX_LENGTH = 8
#: ``last_used_at`` is written at most this often for one token.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
#: Longer headers are not hashed: no token is this long.
MAX_LENGTH = 200


def token_hash(raw: str) -> str:
    """The SHA-256 of the token, in hex: what is stored and looked up."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str, str]:
    """A fresh token as (raw, hash, prefix)."""
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw), raw[:PREFIX_LENGTH]


def make_token(name: str, user=None) -> tuple[ApiToken, str]:
    """Store a new active token; returns it and its raw value, which is
    nowhere else: show it once."""
    raw, digest, prefix = new_token()
    token = ApiToken.objects.create(
        name=name, token_hash=digest, prefix=prefix, created_by=user
    )
    return token, raw


def find_token(raw: str | None) -> ApiToken | None:
    """The active token ``raw`` is, or None."""
    if not raw or len(raw) > MAX_LENGTH:
        return None
    return ApiToken.objects.filter(token_hash=token_hash(raw), is_active=True).first()


def mark_used(token: ApiToken, now=None) -> None:
    """Note when the token was used, at most once every :data:`LAST_USED_EVERY`
    (the UPDATE's condition keeps two processes from both writing)."""
    now = now or timezone.now()
    last = token.last_used_at
    if last is not None and now - last < LAST_USED_EVERY:
        return
    recent = now - LAST_USED_EVERY
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=recent).update(
        last_used_at=now
    )
    token.last_used_at = now


def refusal(request) -> JsonResponse:
    """401 in the package's JSON error shape, naming the header, in the
    client's language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.META.get(META_KEY):
            text = _("This API token is not valid or no longer active.")
        else:
            text = _("Send an API token in the %(header)s header.") % {"header": HEADER}
    response = JsonResponse({"errors": {HEADER: [text]}}, status=401)
    response["Content-Language"] = language
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = f"{HEADER}, Accept-Language"
    return response


def authenticate(request) -> ApiToken | None:
    """The request's active token (and its use noted), or None."""
    token = find_token(request.META.get(META_KEY, "").strip())
    if token is not None:
        mark_used(token)
    return token
