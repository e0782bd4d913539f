#!/usr/bin/env python3
"""A stand-in OpenTelemetry collector for CI: accepts OTLP/HTTP posts on the given port and
appends one line per request (path, content type, body size, whether the body names the
service) to the given file."""

import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, OUT, SERVICE = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(OUT, "a") as out:
            out.write(f"{self.path} {self.headers.get('Content-Type')} {len(body)} {SERVICE in body}\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", PORT), Sink).serve_forever()
