"""Attacks on webhooks, their admin and the OSDI API (security review).

Tests named ``test_fixed_…`` showed a problem the review found, and hold since
it was fixed: each docstring says what was wrong. ``test_held_…`` are attacks
that held from the start. Both are kept as regression tests.
"""

import datetime
import socket
import threading
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ua_wagtail.integrations import addresses, api_tokens, webhooks
from ua_wagtail.integrations.connections import Connections
from ua_wagtail.integrations.models import WebhookDelivery, WebhookEndpoint
from ua_wagtail.reports import retention
from ua_wagtail.reports.models import ActionReport, ReportEvent
from ua_wagtail.reports.rules import submit_report

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status
LOOPBACK = override_settings(
    UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS=["127.0.0.0/8"],
    UA_WAGTAIL_WEBHOOK_TIMEOUT=1,
    UA_WAGTAIL_WEBHOOK_FIRST_RETRY=0.05,
    UA_WAGTAIL_WEBHOOK_LONGEST_RETRY=0.2,
)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


# Helpers


class RawServer:
    """A hostile receiver on loopback: ``behave(conn)`` writes what it likes."""

    def __init__(self, behave):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.behave, self.accepted = behave, 0
        threading.Thread(target=self.serve, daemon=True).start()

    @property
    def port(self):
        return self.sock.getsockname()[1]

    def url(self, scheme="http"):
        return f"{scheme}://127.0.0.1:{self.port}/hook"

    def serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn):
        try:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            self.behave(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.sock.close()


def a_report(ua_page, **fields):
    stored = submit_report(ua_page, {"letter": 1}, country="DE", **fields)
    return stored.report, ReportEvent.objects.get(report=stored.report)


def delivery_to(endpoint, event, **fields):
    fields.setdefault("next_attempt_at", timezone.now())
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=event,
        translation_key=event.translation_key,
        **fields,
    )


def staff(*perms, username="staff"):
    user = get_user_model().objects.create_user(username, password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for perm in perms:
        user.user_permissions.add(
            *Permission.objects.filter(
                codename=perm, content_type__app_label__in=["ua_wagtail", "wagtailcore"]
            )
        )
    return user


def settle(delivery, outcome, go_on=False):
    """What a worker records of one attempt at the head ``delivery``, holding
    its lease as it was read (``leased_until``)."""
    lease = webhooks.Lease(delivery.pk, delivery.leased_until)
    if outcome.delivered:
        return webhooks._settle_run(lease, [(delivery, outcome)], None, go_on)
    return webhooks._settle_run(lease, [], (delivery, outcome), go_on)


# (4) A hostile receiver: the worker must not hang on it.


def drip_body(conn):
    # A 500 whose body comes one byte at a time, each just within the timeout.
    conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(8):
        conn.sendall(b"x")
        time.sleep(0.6)


def drip_headers(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for n in range(8):
        conn.sendall(f"X-{n}: y\r\n".encode())
        time.sleep(0.6)
    conn.sendall(b"Content-Length: 0\r\n\r\n")


def endless_continue(conn):
    # "100 Continue" answers, as fast as the worker reads them: no read ever
    # waits, so no timeout is ever reached.
    until = time.monotonic() + 4
    while time.monotonic() < until:
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" * 50)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")


@LOOPBACK
@pytest.mark.parametrize("behave", [drip_body, drip_headers, endless_continue])
def test_fixed_a_trickling_receiver_holds_the_worker_past_its_timeout(ua_page, behave):
    """Was a bug (high): UA_WAGTAIL_WEBHOOK_TIMEOUT is a per-read timeout, not a
    deadline for the attempt. A receiver that trickles its answer (a byte of
    body or a header line just inside the timeout, or endless "100 Continue"
    lines) holds the worker as long as it likes: past the lease (2 * timeout
    + 30 s), after which a second worker sends the same head again, and a lone
    worker sends nothing to any other endpoint meanwhile. Here, with a 1 s
    timeout, each attempt should end within ~2 s; it takes ~4-5 s, and
    scales with what the receiver sends."""
    server = RawServer(behave)
    try:
        endpoint = WebhookEndpoint.objects.create(name="slow", url=server.url())
        _report, event = a_report(ua_page)
        delivery = delivery_to(endpoint, event)
        http = Connections(1)
        started = time.monotonic()
        webhooks.attempt(http, WebhookDelivery.objects.get(pk=delivery.pk))
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert elapsed < 2.5, f"one attempt took {elapsed:.1f} s with a 1 s timeout"


# Leases: a worker whose lease ran out must not undo another's work.


def test_fixed_a_late_failure_overwrites_a_delivery_another_worker_made(ua_page):
    """Was a bug (medium): settle() writes its outcome whatever happened meanwhile.
    Worker A's lease on the head runs out (a trickling receiver, a pause);
    worker B sends it, delivered, and the line goes on. When A's attempt ends
    in failure past the retry window, A marks the *delivered* delivery "Given
    up" (the admin then shows a given-up delivery that was delivered) and
    moves the line on again, clearing the lease B holds on the next head."""
    endpoint = WebhookEndpoint.objects.create(
        name="crm", url="https://crm.example.org/"
    )
    _r1, first = a_report(ua_page)
    _r2, second = a_report(ua_page)
    old = timezone.now() - datetime.timedelta(days=30)
    head = delivery_to(endpoint, first)
    behind = delivery_to(endpoint, second, next_attempt_at=None)
    WebhookDelivery.objects.filter(pk__in=[head.pk, behind.pk]).update(created_at=old)
    seen_by_a = WebhookDelivery.objects.get(pk=head.pk)  # A's copy, then it stalls
    # B, after A's lease ran out, delivers the head and goes on with the next.
    seen_by_b = WebhookDelivery.objects.get(pk=head.pk)
    following = settle(seen_by_b, webhooks.Outcome(True, 200), go_on=True)
    assert following.delivery_id == behind.pk
    b_lease = WebhookDelivery.objects.get(pk=behind.pk).leased_until
    assert b_lease is not None
    # A's attempt finally ends: a timeout.
    settle(seen_by_a, webhooks.Outcome(False, error="No answer"))
    head.refresh_from_db()
    behind.refresh_from_db()
    assert head.status == Status.DELIVERED, "a delivered delivery became given up"
    assert behind.leased_until == b_lease, "B's lease on the next head was cleared"


def test_fixed_a_late_success_sends_the_next_head_a_second_time_at_once(ua_page):
    """Was a bug (medium): the same race with A's attempt ending in success: A's
    settle() leases the head B is sending *to A* and returns it, so A and B
    both send it at the same time (not a redelivery after a crash: two
    concurrent requests of one line, which the per-line order promise rules
    out)."""
    endpoint = WebhookEndpoint.objects.create(
        name="crm", url="https://crm.example.org/"
    )
    _r1, first = a_report(ua_page)
    _r2, second = a_report(ua_page)
    head = delivery_to(endpoint, first)
    delivery_to(endpoint, second, next_attempt_at=None)
    seen_by_a = WebhookDelivery.objects.get(pk=head.pk)
    seen_by_b = WebhookDelivery.objects.get(pk=head.pk)
    b_next = settle(seen_by_b, webhooks.Outcome(True, 200), go_on=True)
    a_next = settle(seen_by_a, webhooks.Outcome(True, 200), go_on=True)
    assert b_next is not None
    assert a_next is None, "A was handed the head B is sending"


def test_fixed_heads_claimed_together_outlive_their_lease_and_go_twice(
    ua_page, index_page, monkeypatch
):
    """Was a bug (medium; no hostile receiver needed): _claim() leases up to 20
    heads at once, each for 2 * timeout + 30 s (50 s by default) counted from
    the claim, then sends them one after another, each head followed by up to
    100 deliveries of its line. Past the first few slow heads (10 s timeouts)
    or one long line, the later heads' leases have run out: a second worker
    claims and sends them, and the first, which never looks at its lease
    again, sends them too, both at once. The lease should be taken (or
    renewed, conditionally) when each head's turn comes, and a head whose
    lease was lost skipped. Here the lease is shortened to 0.2 s and each
    request takes 0.3 s."""
    from ..factories import TargetFactory, UrgentActionPageFactory, targets_body

    pages = [ua_page] + [
        UrgentActionPageFactory(
            parent=index_page,
            slug=f"ua-{n}",
            body=targets_body([TargetFactory()]) + [("report_form", {"goal": 100})],
        )
        for n in range(2)
    ]
    endpoint = WebhookEndpoint.objects.create(
        name="crm", url="https://crm.example.org/"
    )
    heads = [delivery_to(endpoint, a_report(page)[1]).pk for page in pages]
    monkeypatch.setattr(webhooks, "_lease", lambda: datetime.timedelta(seconds=0.2))
    sent, nested = [], []

    def slow_attempt(http, delivery):
        time.sleep(0.3)
        sent.append(delivery.pk)
        if not nested:  # a second worker starts while the first is busy
            nested.append(True)
            webhooks.send_due(None)
        return webhooks.Outcome(True, 200)

    monkeypatch.setattr(webhooks, "attempt", slow_attempt)
    webhooks.send_due(None)
    # The first head's lease ran out while it was being sent: the documented
    # redelivery. The others were not being sent by anyone when B took them.
    assert [sent.count(pk) for pk in heads[1:]] == [1, 1], f"sent: {sent}"


# Inactive endpoints


def test_fixed_an_endpoint_made_inactive_is_still_sent_the_rest_of_its_line(
    ua_page, monkeypatch
):
    """Was a bug (medium): "An endpoint that is not active is sent nothing". A worker
    going down a line (up to LINE_RUN = 100 deliveries in a row) never looks at
    is_active again: deactivating an endpoint (say, a leaking receiver) does
    not stop what is already being sent. settle() holds the endpoint's lock and
    could check it before going on."""
    endpoint = WebhookEndpoint.objects.create(
        name="crm", url="https://crm.example.org/"
    )
    events = [a_report(ua_page)[1] for _ in range(3)]
    first = delivery_to(endpoint, events[0])
    for event in events[1:]:
        delivery_to(endpoint, event, next_attempt_at=None)
    sent = []

    def fake_attempt(http, delivery):
        sent.append(delivery.pk)
        # Staff untick "active" while the first request is out.
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
        return webhooks.Outcome(True, 200)

    monkeypatch.setattr(webhooks, "attempt", fake_attempt)
    webhooks.send_due(None)
    assert sent == [first.pk], (
        f"{len(sent) - 1} sent after the endpoint was made inactive"
    )


# Worker robustness


def test_fixed_an_endpoint_deleted_after_the_claim_stops_the_worker(
    ua_page, monkeypatch
):
    """Was a bug (low): the worker only survives DatabaseError. An endpoint deleted
    (with its deliveries) between _claim() and _send_line() reading the
    delivery raises WebhookDelivery.DoesNotExist out of send_due(), and the
    ua_wagtail_webhooks command exits."""
    endpoint = WebhookEndpoint.objects.create(
        name="crm", url="https://crm.example.org/"
    )
    delivery_to(endpoint, a_report(ua_page)[1])
    claim = webhooks._claim

    def claim_then_delete():
        claimed = claim()
        WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()  # staff, meanwhile
        return claimed

    monkeypatch.setattr(webhooks, "_claim", claim_then_delete)
    monkeypatch.setattr(
        webhooks, "attempt", lambda http, d: webhooks.Outcome(True, 200)
    )
    assert webhooks.send_due(None) == 0  # raises DoesNotExist today


# (2) SSRF


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::a00:5",  # NAT64 of 10.0.0.5
        "64:ff9b:1::a00:5",  # local-use NAT64 (RFC 8215)
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "::127.0.0.1",  # IPv4-compatible (deprecated) loopback
        "fec0::1",  # site-local (deprecated)
    ],
)
def test_fixed_addresses_that_embed_a_private_ipv4_count_as_public(address):
    """Was a bug (low; high on IPv6-only hosts behind NAT64, such as AWS with DNS64):
    allowed() trusts ipaddress' is_global, which is True for NAT64, 6to4,
    IPv4-compatible and site-local addresses. A name resolving to
    64:ff9b::a9fe:a9fe reaches the metadata service through the NAT64
    gateway. The embedded IPv4 address should be checked too (or these
    prefixes refused)."""
    assert not addresses.allowed(address, https=True)


@override_settings(UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS=[])
def test_fixed_the_refusal_comes_after_the_connection_a_port_scanner(ua_page):
    """Was a bug (low-medium): the address is checked once the TCP connection is
    made (_Checked._new_conn). A staff member with a name they control that
    resolves to a public address when saved and to an internal one later (DNS
    rebinding), or any URL saved outside the form, connects to internal hosts
    and reads which ports are open from last_error: an open port says
    "Refused: … is not a public address", a closed one "Could not connect:
    … Connection refused". The address should be checked before connecting
    (resolve, check, connect to the checked address), so that no SYN goes out
    and both cases read alike."""
    server = RawServer(lambda conn: None)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    try:
        http = Connections(1)
        _r, event = a_report(ua_page)
        errors = {}
        for name, url in [
            ("open", server.url("https")),
            ("closed", f"https://127.0.0.1:{closed_port}/hook"),
        ]:
            endpoint = WebhookEndpoint.objects.create(name=name, url=url)
            delivery = delivery_to(endpoint, event)
            errors[name] = webhooks.attempt(http, delivery).error
        accepted = server.accepted
    finally:
        server.close()
    assert (accepted, errors["open"]) == (0, errors["closed"]), (
        f"{accepted} TCP connection(s) to a private address; errors: {errors}"
    )


def test_held_a_port_out_of_range_is_a_form_error():
    """URLField accepts ports of up to 5 digits; urlsplit's ValueError is
    caught (as "cannot be found", a misleading message, but no 500)."""
    with pytest.raises(ValidationError):
        addresses.check_url("https://example.org:99999/hook")


@pytest.mark.parametrize(
    "url",
    [
        "https://0.0.0.0/",
        "https://[::]/",
        "https://0177.0.0.1/",  # octal, as inet_aton reads it
        "https://0x7f000001/",
        "https://2130706433/",
        "https://127.1/",
        "https://[::ffff:169.254.169.254]/",
        "https://[0:0:0:0:0:ffff:7f00:1]/",
        "https://localhost/",
        "http://example.org/",  # http to a public address
    ],
)
def test_held_private_and_odd_addresses_are_refused_when_saved(url):
    with pytest.raises(ValidationError):
        addresses.check_url(url)


@LOOPBACK
def test_held_a_redirect_to_a_private_address_is_not_followed(ua_page):
    server = RawServer(
        lambda conn: conn.sendall(
            b"HTTP/1.1 307 Temporary Redirect\r\n"
            b"Location: http://169.254.169.254/latest/meta-data/\r\n"
            b"Content-Length: 0\r\n\r\n"
        )
    )
    try:
        endpoint = WebhookEndpoint.objects.create(name="r", url=server.url())
        delivery = delivery_to(endpoint, a_report(ua_page)[1])
        outcome = webhooks.attempt(Connections(1), delivery)
    finally:
        server.close()
    assert not outcome.delivered and outcome.status == 307


@LOOPBACK
def test_held_a_hostile_answer_is_kept_short_and_printable(ua_page):
    """Huge, binary, HTML answers: 300 bytes, printable characters only
    (no bidi overrides, no control characters), escaped when shown."""
    body = XSS.encode() + b"\x00\x1b[31m\xe2\x80\xae\xff" * 10_000
    server = RawServer(
        lambda conn: conn.sendall(
            b"HTTP/1.1 400 Bad\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        )
    )
    try:
        endpoint = WebhookEndpoint.objects.create(name="r", url=server.url())
        delivery = delivery_to(endpoint, a_report(ua_page)[1])
        outcome = webhooks.attempt(Connections(1), delivery)
    finally:
        server.close()
    assert len(outcome.error) <= 320
    assert all(c.isprintable() for c in outcome.error)
    assert "\u202e" not in outcome.error


# Personal data


@LOOPBACK
def test_fixed_a_receiver_echoing_contact_details_keeps_them_past_retention(ua_page):
    """Was a bug (low-medium, privacy): what a receiver answers is kept as the
    delivery's and the endpoint's last_error. Receivers often echo what they
    refused ("invalid email ana@example.org"): the reporter's email then stays
    in WebhookEndpoint.last_error after retention erased it from the report
    (erase_personal_data() does not look there, and purge never deletes an
    endpoint's last_error, nor a pending delivery's)."""

    def echo(conn):
        answer = b"invalid contact ana@example.org"
        conn.sendall(b"HTTP/1.1 422 No\r\nContent-Length: %d\r\n\r\n" % len(answer))
        conn.sendall(answer)

    server = RawServer(echo)
    try:
        endpoint = WebhookEndpoint.objects.create(
            name="r", url=server.url(), include_contact_details=True
        )
        report, event = a_report(
            ua_page, contact_name="Ana", contact_email="ana@example.org"
        )
        delivery = delivery_to(endpoint, event)
        outcome = webhooks.attempt(Connections(1), delivery)
        settle(delivery, outcome)
    finally:
        server.close()
    list(retention.erase_personal_data(timezone.now() + datetime.timedelta(1), 100))
    assert ActionReport.objects.get(pk=report.pk).contact_email == ""
    endpoint.refresh_from_db()
    assert "ana@example.org" not in endpoint.last_error


def test_held_contact_details_need_consent_and_the_flag_when_sent(ua_page):
    from ua_wagtail.integrations import payloads

    report, event = a_report(
        ua_page, contact_name="Ana", contact_email="ana@example.org"
    )
    ActionReport.objects.filter(pk=report.pk).update(contact_consent=False)
    event = ReportEvent.objects.get(pk=event.pk)
    for fmt in ("ua_wagtail", "osdi"):
        with_flag = WebhookEndpoint(
            name="x",
            url="https://x.org/",
            include_contact_details=True,
            payload_format=fmt,
        )
        assert b"ana@example.org" not in payloads.body(event, with_flag)
    ActionReport.objects.filter(pk=report.pk).update(contact_consent=True)
    event = ReportEvent.objects.get(pk=event.pk)
    for fmt in ("ua_wagtail", "osdi"):
        without = WebhookEndpoint(name="x", url="https://x.org/", payload_format=fmt)
        assert b"ana@example.org" not in payloads.body(event, without)
    # Erased by retention before it was sent: not sent.
    list(retention.erase_personal_data(timezone.now() + datetime.timedelta(1), 100))
    event = ReportEvent.objects.get(pk=event.pk)
    flagged = WebhookEndpoint(
        name="x", url="https://x.org/", include_contact_details=True
    )
    assert b"ana@example.org" not in payloads.body(event, flagged)


# (2)/(3) The admin: XSS, CSRF, permissions, the secret


@pytest.fixture
def hostile_endpoint(ua_page):
    endpoint = WebhookEndpoint.objects.create(
        name=XSS,
        url='https://crm.example.org/?q="><script>alert(2)</script>',
        last_error=XSS,
        last_failure_at=timezone.now(),
    )
    delivery = delivery_to(endpoint, a_report(ua_page)[1], last_error=XSS, attempts=1)
    return endpoint, delivery


def test_held_names_urls_and_errors_are_escaped_in_the_admin(
    admin_client, hostile_endpoint
):
    endpoint, delivery = hostile_endpoint
    for url in [
        reverse("ua_wagtail_webhooks:index"),
        reverse("ua_wagtail_webhooks:edit", args=[endpoint.pk]),
        reverse("ua_wagtail_webhooks:deliveries", args=[endpoint.pk]),
        reverse("ua_wagtail_webhooks:delivery", args=[delivery.pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), url
        assert not BeautifulSoup(html, "html.parser").select("img[onerror]"), url
    # The resend's message names the endpoint, as do the history and delete pages.
    for response in [
        admin_client.post(
            reverse("ua_wagtail_webhooks:resend", args=[delivery.pk]), follow=True
        ),
        admin_client.get(reverse("ua_wagtail_webhooks:history", args=[endpoint.pk])),
        admin_client.get(reverse("ua_wagtail_webhooks:delete", args=[endpoint.pk])),
    ]:
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()


def test_held_the_secret_is_only_on_the_edit_page(admin_client, hostile_endpoint):
    endpoint, delivery = hostile_endpoint
    for url in [
        reverse("ua_wagtail_webhooks:index"),
        reverse("ua_wagtail_webhooks:deliveries", args=[endpoint.pk]),
        reverse("ua_wagtail_webhooks:delivery", args=[delivery.pk]),
        reverse("ua_wagtail_webhooks:history", args=[endpoint.pk]),
    ]:
        assert endpoint.secret not in admin_client.get(url).content.decode(), url


def test_held_resend_needs_a_csrf_token(hostile_endpoint, admin_user):
    _endpoint, delivery = hostile_endpoint
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("ua_wagtail_webhooks:resend", args=[delivery.pk]))
    assert response.status_code == 403
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize(
    "perms",
    [
        (),
        ("add_page", "change_page", "publish_page"),
    ],
)
def test_held_editors_reach_no_webhook_or_token_screen(client, hostile_endpoint, perms):
    endpoint, delivery = hostile_endpoint
    perms = [p for p in perms if Permission.objects.filter(codename=p).exists()]
    client.force_login(staff(*perms))
    for method, url in [
        ("get", reverse("ua_wagtail_webhooks:index")),
        ("get", reverse("ua_wagtail_webhooks:edit", args=[endpoint.pk])),
        ("get", reverse("ua_wagtail_webhooks:deliveries", args=[endpoint.pk])),
        ("get", reverse("ua_wagtail_webhooks:deliveries_results", args=[endpoint.pk])),
        ("get", reverse("ua_wagtail_webhooks:delivery", args=[delivery.pk])),
        ("post", reverse("ua_wagtail_webhooks:resend", args=[delivery.pk])),
        ("get", reverse("ua_api_tokens:index")),
        ("get", reverse("ua_api_tokens:add")),
        ("post", reverse("ua_api_tokens:add")),
    ]:
        response = getattr(client, method)(
            url, {"name": "stolen"} if method == "post" else {}
        )
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 200:
            raise AssertionError(url)
        assert endpoint.secret not in response.content.decode()
    assert WebhookDelivery.objects.count() == 1
    assert not api_tokens.ApiToken.objects.exists()


# (1) Anonymous visitors and the OSDI API


@pytest.fixture
def raw_token(db):
    return api_tokens.make_token("CRM")[1]


def test_held_a_view_permission_shows_the_listing_only(client, hostile_endpoint):
    """Wagtail's "view" permission shows the endpoints' listing (names, hosts,
    the start of the last error), nothing more: no secret, no deliveries, no
    resend."""
    endpoint, delivery = hostile_endpoint
    client.force_login(staff("view_webhookendpoint"))
    assert client.get(reverse("ua_wagtail_webhooks:index")).status_code == 200
    for url in [
        reverse("ua_wagtail_webhooks:edit", args=[endpoint.pk]),
        reverse("ua_wagtail_webhooks:deliveries", args=[endpoint.pk]),
        reverse("ua_wagtail_webhooks:delivery", args=[delivery.pk]),
    ]:
        response = client.get(url)
        assert (
            response.status_code == 302
            and endpoint.secret not in response.content.decode()
        )
    client.post(reverse("ua_wagtail_webhooks:resend", args=[delivery.pk]))
    assert WebhookDelivery.objects.count() == 1


def osdi_paths(ua_page, report_pk):
    key = ua_page.translation_key
    return [
        "/ua/osdi/v1/",
        "/ua/osdi/v1/advocacy_campaigns",
        f"/ua/osdi/v1/advocacy_campaigns/{key}",
        f"/ua/osdi/v1/advocacy_campaigns/{key}/outreaches",
        f"/ua/osdi/v1/advocacy_campaigns/{key}/outreaches/report-{report_pk}-letter",
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_OSDI_API_TOKEN": ""},
        {"HTTP_OSDI_API_TOKEN": "x" * 10_000},
        {"HTTP_OSDI_API_TOKEN": "' OR 1=1 --"},
        {"HTTP_AUTHORIZATION": "Bearer whatever"},
        {"HTTP_X_OSDI_API_TOKEN": "whatever"},
    ],
)
def test_held_the_osdi_api_refuses_without_a_real_token(
    client, ua_page, headers, raw_token
):
    report, _event = a_report(
        ua_page, contact_name="Ana", contact_email="ana@example.org"
    )
    for path in osdi_paths(ua_page, report.pk):
        for method in ("get", "head", "options", "post", "delete"):
            response = getattr(client, method)(path, **headers)
            assert response.status_code in (401, 405), (path, method)
            assert b"ana@example.org" not in response.content
    # Nor through the query string.
    response = client.get(
        osdi_paths(ua_page, report.pk)[3], {"OSDI-API-Token": raw_token}
    )
    assert response.status_code == 401


def test_held_an_inactive_token_is_refused(client, ua_page):
    token, raw = api_tokens.make_token("old")
    token.is_active = False
    token.save()
    assert client.get("/ua/osdi/v1/", HTTP_OSDI_API_TOKEN=raw).status_code == 401
    # Padded with spaces or with another case: refused or the same token.
    assert (
        client.get("/ua/osdi/v1/", HTTP_OSDI_API_TOKEN=raw.upper()).status_code == 401
    )


@pytest.mark.parametrize(
    "suffix",
    [
        "/../../admin/",
        "/%2e%2e/%2e%2e/",
        "/outreaches/report-1-letter/../../",
        "/outreaches/report-99999999999999999-letter",
        "/outreaches/report-1-LETTER",
        "/outreaches?page=99999999999&per_page=0",
        "/outreaches?after=report-1-letter%00",
        "/outreaches?page=%D9%A1",  # Arabic-Indic digit one
        "/outreaches?per_page=100&page=1000000000",
        "/outreaches?language=../../etc",
    ],
)
def test_held_odd_ids_and_parameters_are_client_errors(
    client, ua_page, raw_token, suffix
):
    path = f"/ua/osdi/v1/advocacy_campaigns/{ua_page.translation_key}{suffix}"
    response = client.get(path, HTTP_OSDI_API_TOKEN=raw_token)
    assert response.status_code < 500, (suffix, response.status_code)


def test_fixed_an_authenticated_404_may_be_kept_by_caches(client, ua_page, raw_token):
    """Was a bug (low): answers of a token's request are "private, no-store" and
    vary on the token, except a 404 raised inside a view (unknown campaign,
    unknown outreach), which json_errors makes outside osdi_view's private():
    a shared cache may keep it and answer it to others, and a campaign
    unpublished then republished may look missing from a cache."""
    path = "/ua/osdi/v1/advocacy_campaigns/00000000-0000-0000-0000-000000000000"
    response = client.get(path, HTTP_OSDI_API_TOKEN=raw_token)
    assert response.status_code == 404
    assert response.get("Cache-Control") == "private, no-store"


def test_held_a_draft_or_restricted_campaign_leaks_nothing(client, ua_page, raw_token):
    from wagtail.models import PageViewRestriction

    report, _e = a_report(ua_page, contact_name="Ana", contact_email="ana@example.org")
    PageViewRestriction.objects.create(
        page=ua_page, restriction_type="password", password="pw"
    )
    for path in osdi_paths(ua_page, report.pk):
        response = client.get(path, HTTP_OSDI_API_TOKEN=raw_token)
        assert str(ua_page.translation_key) not in response.content.decode() or (
            path.endswith("/v1/")
        ), path
        assert b"ana@example.org" not in response.content


@LOOPBACK
def test_fixed_a_refused_connection_or_unknown_host_reads_as_a_timeout(ua_page):
    """Was a bug (low, misleading to staff): urllib3's NewConnectionError (and its
    NameResolutionError) are subclasses of ConnectTimeoutError, so attempt()'s
    ``except TimeoutError`` reports "No answer within 10 seconds" for a port
    that refused at once or a name that does not resolve. Catch
    NewConnectionError before TimeoutError."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    endpoint = WebhookEndpoint.objects.create(name="c", url=f"http://127.0.0.1:{port}/")
    delivery = delivery_to(endpoint, a_report(ua_page)[1])
    started = time.monotonic()
    outcome = webhooks.attempt(Connections(1), delivery)
    assert time.monotonic() - started < 0.5  # refused at once…
    assert "No answer within" not in outcome.error, outcome.error  # …not a timeout


def test_fixed_a_token_maker_reads_reporters_emails_without_report_permission(
    client, ua_page
):
    """Was a bug (medium, privilege): the permission to add API tokens (or to change
    webhook endpoints: tick "include contact details", point the URL anywhere
    public, resend any past delivery) gives read access to every consenting
    reporter's name and email, with no permission on reports
    (view_actionreport). Neither docs/integrations.md nor the admin says so.
    Making a token or sending contact details should need the reports' view
    permission (or a permission of its own), or be documented as such."""
    a_report(ua_page, contact_name="Ana", contact_email="ana@example.org")
    user = staff("add_apitoken")
    assert not user.has_perm("ua_wagtail.view_actionreport")
    client.force_login(user)
    response = client.post(reverse("ua_api_tokens:add"), {"name": "mine"})
    assert response.status_code in (302, 403)
    assert not api_tokens.ApiToken.objects.exists()
    user = staff("add_apitoken", "view_actionreport", username="analyst")
    client.force_login(user)
    page = client.post(reverse("ua_api_tokens:add"), {"name": "mine"})
    assert page.status_code == 200 and api_tokens.ApiToken.objects.count() == 1
