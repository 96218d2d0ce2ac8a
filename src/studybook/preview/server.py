"""The preview's web server: its own page, live updates, and the preview's outputs only.

Nothing here maps a requested path onto the file system: a request names the page, one of
its two assets, the update stream, a page picture by its digest, or one of the PDFs the
last good build wrote (looked up by name); everything else is 404.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import one_line
from .builder import Builder, State
from .pages import NAME

PAGE = Path(__file__).parent / "page"
ASSETS = {
    "/preview.css": ("preview.css", "text/css; charset=utf-8"),
    "/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
}
PICTURE = re.compile(rf"/pages/({NAME})\.png")
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEARTBEAT = 15  # seconds between keep-alive comments on the update stream


class PreviewServer(ThreadingHTTPServer):
    """Serves the preview of one project on `address` (host, port)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], builder: Builder, source: str) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, Handler)
        self.builder = builder
        self.source = source
        templates = Environment(
            loader=FileSystemLoader(PAGE), autoescape=True, undefined=StrictUndefined
        )
        templates.filters["one_line"] = one_line
        self.page = templates.get_template("page.html")
        self.parts = templates.get_template("parts.html").module
        self.assets = {path: (PAGE / name).read_bytes() for path, (name, _) in ASSETS.items()}
        self.hosts = _own_hosts(address[0], self.server_address[1])

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closing a connection early is normal; anything else is a bug."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def view(self, state: State) -> dict[str, object]:
        """What the page's templates get: the state, its status and the page title."""
        status, text = status_of(state)
        title = f"{text} · studybook preview"
        return dict(state=state, status=status, text=text, title=title, source=self.source)

    def update(self, state: State) -> bytes:
        """The parts of the page that change, as one server-sent event."""
        view = self.view(state)
        parts = (self.parts.status(view), self.parts.problems(view), self.parts.studies(view))
        data = json.dumps({"title": view["title"], "html": "".join(parts)})
        return f"event: state\ndata: {data}\n\n".encode()


class Handler(BaseHTTPRequestHandler):
    """One request to the preview."""

    server: PreviewServer

    def do_GET(self) -> None:
        if self.server.hosts is not None and self.headers.get("Host") not in self.server.hosts:
            self._send(HTTPStatus.FORBIDDEN, b"wrong host\n", "text/plain; charset=utf-8")
            return
        path = urlsplit(self.path).path
        state = self.server.builder.state
        files = state.pages.files if state.pages else set()
        if path == "/":
            html = self.server.page.render(v=self.server.view(state))
            self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")
        elif path == "/events":
            self._stream()
        elif path in ASSETS:
            self._send(HTTPStatus.OK, self.server.assets[path], ASSETS[path][1])
        elif picture := PICTURE.fullmatch(path):
            immutable = "max-age=31536000, immutable"  # named by its content
            self._file(self.server.builder.pictures / f"{picture[1]}.png", "image/png", immutable)
        elif path.startswith("/pdf/") and (name := unquote(path[5:])) in files:
            self._file(self.server.builder.request.base / name, "application/pdf")
        else:
            self._not_found()

    def _file(self, path: Path, kind: str, cache: str = "no-store") -> None:
        """One of the preview's own files (never a link), or 404 if it is gone."""
        try:
            data = b"" if path.is_symlink() else path.read_bytes()
        except OSError:
            data = b""
        if data:
            self._send(HTTPStatus.OK, data, kind, cache)
        else:
            self._not_found()

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self._headers(kind, cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _headers(self, kind: str, cache: str) -> None:
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if kind != "application/pdf":  # the policy would keep the browser's PDF viewer out
            self.send_header("Content-Security-Policy", POLICY)

    def _stream(self) -> None:
        """Server-sent events: the state now, then every change, until the preview stops."""
        self.send_response(HTTPStatus.OK)
        self._headers("text/event-stream", "no-store")
        self.end_headers()
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while (state := self.server.builder.wait(seen, HEARTBEAT)) is not None:
                if state.version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(self.server.update(state))
                    seen = state.version
        except OSError:  # the browser went away
            return

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for builds and problems, not for every request."""


def status_of(state: State) -> tuple[str, str]:
    """The status the page shows: its kind (a CSS class) and its words."""
    if state.building:
        return "building", "Rebuilding…" if state.pages else "Building…"
    if state.problems:
        count = len(state.problems)
        return "problems", f"{count} problem{'' if count == 1 else 's'}"
    return "ready", "Up to date"


def _own_hosts(host: str, port: int) -> set[str] | None:
    """The Host headers a loopback server answers to (so no other web site can reach it
    through a DNS name pointing at this computer); None for a server open to the network."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        return None
    names = {host if ":" not in host else f"[{host}]", "localhost", "127.0.0.1", "[::1]"}
    return {f"{name}:{port}" for name in names}
