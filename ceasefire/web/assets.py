"""Front-end packages the dashboard serves itself: no CDN, no web font from elsewhere.

They come from npm by name, pinned in ``package-lock.json``, and ``make install`` puts them in the
checkout's ``node_modules/`` (ignored by git). The app serves only the files listed in ``ASSETS``,
looked for in ``CEASEFIRE_ASSETS_DIR``, then in ``ceasefire/web/static/vendor`` (where
``make assets`` copies them so that a wheel carries them), then in the checkout's ``node_modules``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from ceasefire.errors import NotFound
from ceasefire.settings import Settings

#: URL path under /assets/ -> path inside an npm package folder
ASSETS: dict[str, str] = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
    "leaflet/LICENSE": "leaflet/LICENSE",
}
VENDOR = Path(__file__).parent / "static" / "vendor"
CHECKOUT_MODULES = Path(__file__).resolve().parents[2] / "node_modules"

router = APIRouter(include_in_schema=False)


def roots(settings: Settings) -> list[Path]:
    found = [settings.assets_dir] if settings.assets_dir else []
    return [*found, VENDOR, CHECKOUT_MODULES]


def locate(settings: Settings, name: str) -> Path | None:
    inside = ASSETS.get(name)
    if inside is None:
        return None
    for root in roots(settings):
        path = root / inside
        if path.is_file():
            return path
    return None


def missing(settings: Settings) -> list[str]:
    """Assets that no root holds (the dashboard still reads without them; the map needs them)."""
    return [name for name in ASSETS if locate(settings, name) is None]


@router.get("/assets/{name:path}")
def asset(name: str, request: Request) -> FileResponse:
    path = locate(request.app.state.services.settings, name)
    if path is None:
        raise NotFound(f"no asset {name!r}: run `make install` (npm ci) or set CEASEFIRE_ASSETS_DIR")
    return FileResponse(
        path, headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    )


def copy_into_package(modules: Path = CHECKOUT_MODULES, target: Path = VENDOR) -> list[Path]:
    """Copy the served files from ``node_modules`` into the package (``make assets``, before a wheel)."""
    copied = []
    for inside in ASSETS.values():
        source = modules / inside
        if not source.is_file():
            raise NotFound(f"{source} is missing: run `npm ci` first")
        dest = target / inside
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        copied.append(dest)
    return copied


if __name__ == "__main__":
    for done in copy_into_package():
        sys.stdout.write(f"{done}\n")
