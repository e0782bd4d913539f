#!/usr/bin/env python3
"""A stand-in OpenTelemetry collector for CI: accepts OTLP/HTTP posts on a free port (which it
writes to the first file given, once listening) and appends one line per request (path,
content type, body size, whether the body names the service) to the second."""

import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT_FILE, OUT, SERVICE = sys.argv[1], sys.argv[2], sys.argv[3].encode()


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


server = HTTPServer(("127.0.0.1", 0), Sink)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
