"""A WSGI application that answers with what gunicorn put in its environment."""

import json


def application(environ, start_response):
    body = json.dumps(
        {
            "script_name": environ.get("SCRIPT_NAME", ""),
            "path": environ.get("PATH_INFO", ""),
            "scheme": environ.get("wsgi.url_scheme"),
        }
    ).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response("200 OK", headers)
    return [body]
