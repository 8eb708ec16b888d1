"""textual-serve's ``Server`` with the doors locked.

textual-serve runs one app process per websocket and trusts every request. ``GuardedServer`` adds:

- a per-run secret token (``secrets.token_urlsafe``): every HTTP and websocket request must carry
  it, as ``?token=`` (the URL ``serve`` prints, as Jupyter does) or as the HttpOnly, SameSite=Strict
  cookie the first good request sets; otherwise 403;
- an Origin check: a request that names an Origin must come from the served address (the public
  URL, its loopback aliases when bound to loopback, or the address the browser used when bound to
  every interface); a web page on another site cannot open the websocket even with the cookie;
- a page template with the Roboto Mono fonts served locally instead of from Google Fonts;
- a public URL that other machines can reach when bound to every interface (never ``0.0.0.0``).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
FORBIDDEN_TOKEN = "403 Forbidden: papermind serve needs the token in the URL it printed at start-up."
FORBIDDEN_ORIGIN = "403 Forbidden: requests from another site ({origin}) are refused."

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Origin = tuple[str, str, int]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_public_url(host: str, port: int) -> str:
    """The address to print and to put in the page: the machine's name when bound everywhere."""
    name = socket.gethostname() if host in WILDCARD_HOSTS else host
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return f"http://{name}:{port}"


def parse_origin(value: str) -> Origin | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.scheme, parts.hostname.lower(), port


class GuardedServer(Server):
    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        *,
        token: str,
        public_url: str | None = None,
        title: str = "papermind",
    ) -> None:
        public = (public_url or default_public_url(host, port)).rstrip("/")
        super().__init__(
            command, host=host, port=port, title=title, public_url=public, templates_path=TEMPLATES
        )
        self.token = token
        self.cookie_name = f"papermind-token-{port}"  # cookies ignore ports: one per server
        self.allowed_origins = self._allowed_origins(host, port, public)
        self.same_origin_ok = host in WILDCARD_HOSTS  # reached under any of the machine's names

    @property
    def url_with_token(self) -> str:
        return f"{self.public_url}/?token={self.token}"

    @staticmethod
    def _allowed_origins(host: str, port: int, public: str) -> set[Origin]:
        allowed = {o for o in [parse_origin(public)] if o is not None}
        if is_loopback(host) or host in WILDCARD_HOSTS:
            allowed |= {("http", name, port) for name in LOOPBACK_NAMES}
        if host not in WILDCARD_HOSTS:
            allowed.add(("http", host.strip("[]").lower(), port))
        return allowed

    def origin_allowed(self, request: web.Request) -> bool:
        value = request.headers.get("Origin")
        if value is None:
            return True  # not a browser's cross-site request (browsers always send it on websockets)
        origin = parse_origin(value)
        if origin is None:
            return False  # "null" (sandboxed frames, file://) and anything unparsable
        if origin in self.allowed_origins:
            return True
        if self.same_origin_ok:
            host = parse_origin(f"{request.scheme}://{request.host}")
            return host is not None and host == origin
        return False

    def token_ok(self, request: web.Request) -> tuple[bool, bool]:
        """(token accepted?, did it come in the query, so the cookie should be set?)"""
        given = request.query.get("token")
        if given is not None:
            return hmac.compare_digest(given.encode(), self.token.encode()), True
        cookie = request.cookies.get(self.cookie_name)
        return cookie is not None and hmac.compare_digest(cookie.encode(), self.token.encode()), False

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            if not self.origin_allowed(request):
                origin = request.headers.get("Origin", "")
                return web.Response(status=403, text=FORBIDDEN_ORIGIN.format(origin=origin[:100]))
            ok, from_query = self.token_ok(request)
            if not ok:
                return web.Response(status=403, text=FORBIDDEN_TOKEN)
            response = await handler(request)
            if from_query and not response.prepared:
                response.set_cookie(
                    self.cookie_name,
                    self.token,
                    httponly=True,
                    samesite="Strict",
                    secure=self.public_url.startswith("https"),
                    path="/",
                )
            return response

        app.middlewares.append(guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: ``papermind serve`` prints the address (with its token) itself."""
