"""The UI's static files (CSS, vendored HTMX), served from ``api/web/static`` only."""
from __future__ import annotations

from pathlib import Path

from litestar import Response, get
from litestar.params import FromPath

from partage.core.errors import NotFound

STATIC = Path(__file__).parent / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".svg": "image/svg+xml", ".png": "image/png"}
FILES = {p.name: p for p in STATIC.iterdir() if p.suffix in TYPES}


@get("/static/{path:path}", opt={"permission": "public"}, include_in_schema=False, sync_to_thread=True)
def static_file(path: FromPath[str]) -> Response:
    """Only the files shipped in the folder (no sub-folders, so no path traversal)."""
    found = FILES.get(path.lstrip("/"))
    if found is None:
        raise NotFound("no such file")
    return Response(found.read_bytes(), media_type=TYPES[found.suffix],
                    headers={"Cache-Control": "public, max-age=3600"})
