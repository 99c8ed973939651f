"""Static files as served: URLs that carry a hash of the file's content, so browsers keep
CSS and JS for a year and still fetch a changed file at once; compressed responses."""

import hashlib
from pathlib import Path

from flask import request
from flask_compress import Compress

LONG_CACHE = "public, max-age=31536000, immutable"
# Font files are named after their package version (see `make fonts`), so they never change
# under the same name.
VERSIONED_FOLDERS = ("fonts/",)

compress = Compress()


class Fingerprints:
    """A short hash of each static file's content. With `watch`, the file is looked at on
    every call and hashed again when it changed (for development); without, each file is
    hashed once per process, since a deployment restarts the processes."""

    def __init__(self, folder, watch=True):
        self.folder = Path(folder)
        self.watch = watch
        self._known = {}

    def __call__(self, filename):
        known = self._known.get(filename)
        if known is not None and not self.watch:
            return known[1]
        path = self.folder / filename
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        if known is None or known[0] != key:
            known = (key, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
            self._known[filename] = known
        return known[1]


def init_assets(app):
    compress.init_app(app)
    developing = app.debug or bool(app.config.get("TEMPLATES_AUTO_RELOAD"))
    fingerprints = Fingerprints(app.static_folder, watch=developing)

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values:
            digest = fingerprints(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_static(response):
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = request.view_args["filename"]
            if filename.startswith(VERSIONED_FOLDERS) or request.args.get("v") == fingerprints(filename):
                response.headers["Cache-Control"] = LONG_CACHE
        return response
