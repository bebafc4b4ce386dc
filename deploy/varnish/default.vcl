vcl 4.1;
# Varnish 7 in front of a Wagtail site with ua_wagtail (docs/caching.md,
# docs/deployment.md).
#
#   varnishd -a :6081 -f /path/to/default.vcl -s malloc,256m
#
# and the site with FRONTEND_CACHE_URL=http://127.0.0.1:6081 (the example site;
# elsewhere WAGTAILFRONTENDCACHE's HTTPBackend with that LOCATION): publishing,
# unpublishing, moving or deleting a page and editing a target then PURGE every
# URL that shows it. The site's own Cache-Control decides what is kept and for
# how long (s-maxage before max-age); Varnish keeps nothing the site has not
# marked for shared caches. While the site cannot answer, pages it served are
# served stale for up to six hours (grace) instead of an error.

import std;

# The site: the load balancer in front of the app servers (deploy/haproxy), or
# one app server. tests/caching/test_varnish.py and make cluster replace the port.
backend default {
    .host = "127.0.0.1";
    .port = "8080";
    # The site's health check (ua_wagtail's /ua/health/: database and Redis).
    # Sick after 3 failures in 5 probes; healthy from the start.
    .probe = {
        # The database only: Redis down is down for every app server, and they
        # serve on without it (docs/reports.md#when-redis-is-down).
        .url = "/ua/health/?checks=database";
        .interval = 2s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# Who may purge: the site's own processes.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # A healthy site refreshes a page past its time at once (the stale copy is
    # served while it does, for at most 10 s); a sick one has the whole grace.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Every copy of the path, whatever its query string (an index's ?page=
        # and filters, the APIs' ?fields=) and language variant.
        ban("obj.http.x-url-path == " + regsub(req.url, "\?.*$", "")
            + " && obj.http.x-host == " + req.http.host);
        return (synth(200, "Purged"));
    }
    # One spelling per URL: no browser percent-encodes a letter, digit or
    # "-._~/" in a path, and another spelling of a page would be a copy of its
    # own in this cache, which a purge of the page's own URL would not reach.
    if (req.url ~ "(?i)^[^?]*%(2[d-f]|3[0-9]|4[1-9a-f]|5[0-9af]|6[1-9a-f]|7[0-9ae])") {
        return (synth(400, "Bad Request"));
    }
    set req.http.host = std.tolower(req.http.host);
    # The health check is for the load balancer and this cache's own probe
    # (which asks the backend directly): not for the world, whose requests
    # would each cost the database a query.
    if (req.url ~ "^/ua/health/" && client.ip !~ purgers) {
        return (synth(404, "Not Found"));
    }
    # Headers of the WSGI environment's names are the server's to set.
    unset req.http.SCRIPT_NAME;
    unset req.http.PATH_INFO;
    # The site must see the Host this cache keys on: a forwarded host from the
    # client would have it serve another site's pages under this one's key.
    unset req.http.X-Forwarded-Host;
    # Never cache what changes something (a report, a sign-in).
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in editors (Django's session cookie) and API clients with a token
    # see their own answers: pages in preview, drafts, the admin.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The admin (its sign-in form needs its CSRF cookie) and the page after a
    # report (?reported=1 thanks the reporter, with their ua_reported cookie).
    if (req.url ~ "^/(admin|django-admin)/" || req.url ~ "[?&]reported=") {
        return (pass);
    }
    # Any other cookie (csrftoken, ua_reported, analytics) must not split or
    # bypass the cache: public pages are the same for everyone without them.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # How long past its time a page may still be served while the site is down.
    set beresp.grace = 6h;
    # What a PURGE matches (above); taken off again before delivery.
    set beresp.http.x-url-path = regsub(bereq.url, "\?.*$", "");
    set beresp.http.x-host = bereq.http.host;
    # Only what the site marks for caches: no Cache-Control (Django's default,
    # e.g. a 404) is not "cache for Varnish's default two minutes". Varnish's
    # built-in rules then refuse Set-Cookie, private, no-cache and no-store.
    if (!beresp.http.Cache-Control) {
        set beresp.ttl = 120s;  # remember for 2 minutes not to cache it
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-url-path;
    unset resp.http.x-host;
    unset resp.http.Server;
    # For people checking the cache (X-Varnish also has two ids on a hit).
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
