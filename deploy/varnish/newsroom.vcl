# Varnish in front of Newsroom: readers' pages cached by their cache tags.
#
# Render it with the app's addresses and the purge secret, then load it:
#
#     python manage.py varnish_vcl --backend 10.0.0.5:8000 --backend 10.0.0.6:8000 \
#         --purger 10.0.0.5 --purger 10.0.0.6 > /etc/varnish/newsroom.vcl
#
# The app sends each page's tags in Surrogate-Key; this configuration indexes
# them with the xkey vmod (Debian: varnish-modules) and lets the app purge
# them with `PURGE /` and an `xkey-purge` header, only from the app's
# addresses and only with the shared secret (VARNISH_PURGE_SECRET). The
# app's s-maxage (CDN_MAX_AGE) bounds how long a page is kept should a
# purge never arrive. Signed-in staff, the desk and previews are never cached.
vcl 4.1;

import xkey;
import directors;

${backends}

acl purgers {
${purgers}
}

sub vcl_init {
    new app = directors.round_robin();
${director}
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers || req.http.X-Purge-Token != "${secret}") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to purge in xkey-purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, previews and health checks, and anyone signed in, go to the app.
    if (req.url ~ "^/(admin|preview)/" || req.url ~ "^/(healthz|readyz)"
        || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Readers' pages read no cookie: one cached copy serves everyone.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # A page that sets a cookie is someone's own: never shared.
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
}
