"""Serve a class of models_ml1.py with label-studio-ml 1.0.9 on 127.0.0.1 and a free port, printing
`port N` once it listens. `--user/--password` put HTTP Basic auth in front, as a deployment's proxy
does (1.x has none of its own; 2.x reads BASIC_AUTH_USER/PASS)."""

from __future__ import annotations

import argparse
import base64
import sys

import models_ml1
from label_studio_ml.api import init_app
from werkzeug.serving import make_server


def basic_auth(app, user, password):
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def guarded(environ, start_response):
        if environ.get("HTTP_AUTHORIZATION") != expected:
            start_response("401 UNAUTHORIZED", [("WWW-Authenticate", 'Basic realm="Login required"')])
            return [b"Unauthorized"]
        return app(environ, start_response)

    return guarded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    app = init_app(model_class=getattr(models_ml1, args.model))
    served = basic_auth(app, args.user, args.password) if args.user else app
    server = make_server("127.0.0.1", 0, served, threaded=True)
    print(f"port {server.server_port}", flush=True)
    sys.stdout = sys.stderr  # the pipe the test reads carries the port only; logs go to stderr
    server.serve_forever()


if __name__ == "__main__":
    main()
