#!/usr/bin/env python3
"""A static HTTPS server for the install test (scripts/install-test.sh).

Terraform and OpenTofu talk to a provider registry only over HTTPS, and the registry protocol's
JSON documents (service discovery, versions, download) are served with Content-Type
application/json, which service discovery insists on. This serves ROOT on 127.0.0.1 at a free
port with the given certificate, answers files without an extension as JSON, and prints
`registry listening on port N` once it accepts connections.

Usage: registry-server.py ROOT CERT.pem KEY.pem
"""
import functools
import http.server
import ssl
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        "": "application/json",
        ".json": "application/json",
    }

    def log_message(self, fmt, *args):
        sys.stderr.write("registry: " + (fmt % args) + "\n")


def main():
    root, cert, key = sys.argv[1:4]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("registry listening on port", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
