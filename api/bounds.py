"""Bounds every request body and query string meets before any handler reads it.

A JSON body nested deeper than ``MAX_DEPTH`` and any text carrying a NUL character (PostgreSQL
cannot store one) are refused with a 400 problem naming the field; so is a body larger than
``MAX_BODY`` (413). Per-field bounds (lengths, numbers, counts) live with each route's structs and
each service's validation; these are the ones no route should have to remember.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from litestar.types import Receive, Scope, Send

from partage.api.middleware import HttpMiddleware

MAX_DEPTH = 32
MAX_BODY = 10 * 1024 * 1024
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_NUL_ESCAPE = re.compile(rb"\\u0000", re.IGNORECASE)


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in ``body`` (strings skipped), without parsing."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def nul_field(value, path: str = "") -> str | None:
    """The dotted path of the first key or text holding a NUL character, else None."""
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                return where or "(body)"
        elif isinstance(node, dict):
            for key, item in node.items():
                child = f"{where}.{key}" if where else str(key)
                if "\x00" in str(key):
                    return child
                stack.append((item, child))
        elif isinstance(node, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(node))
    return None


def body_problem(body: bytes, content_type: str) -> tuple[str, str] | None:
    """(field, message) of what is wrong with ``body``, or None."""
    if "json" in content_type:
        if json_depth(body) > MAX_DEPTH:
            return "(body)", f"nested deeper than {MAX_DEPTH} levels"
        if _NUL_ESCAPE.search(body):
            try:
                field = nul_field(json.loads(body))
            except ValueError:
                return None           # not JSON: the route's decoder names it
            if field:
                return field, "must not contain a NUL character"
    elif "x-www-form-urlencoded" in content_type:
        return query_problem(body.decode("latin-1"))
    return None


def query_problem(query: str) -> tuple[str, str] | None:
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "") or "(query)", "must not contain a NUL character"
    return None


async def _refuse(send: Send, status: int, field: str, message: str) -> None:
    body = json.dumps({"type": "urn:partage:problem:validation", "title": "Validation failed",
                       "status": status, "detail": f"{field}: {message}",
                       "errors": [{"field": field, "message": message}]}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class InputBounds(HttpMiddleware):
    """ASGI middleware: refuse what :func:`body_problem` / :func:`query_problem` find."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if problem := query_problem(scope.get("query_string", b"").decode("latin-1")):
            await _refuse(send, 400, *problem)
            return
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"").decode("latin-1").lower()
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE") or not (
                "json" in content_type or "x-www-form-urlencoded" in content_type):
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > MAX_BODY:
                await _refuse(send, 413, "(body)", f"larger than {MAX_BODY} bytes")
                return
        body = b"".join(chunks)
        if problem := body_problem(body, content_type):
            await _refuse(send, 400, *problem)
            return
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
