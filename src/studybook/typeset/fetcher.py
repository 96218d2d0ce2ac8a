"""The only way a PDF can read anything: data: URLs and files inside the allowed folders,
every image among them checked before WeasyPrint decodes it (see `settings.images`)."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..project import Unreadable, read_inside
from ..settings import data_url, image_problem

MAX_FETCH_BYTES = 10_000_000  # a stylesheet, an image or a font of the project's


def local_path(url: str) -> Path | None:
    """The absolute, resolved file a file:// URL on this machine names, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(path).resolve() if path.startswith("/") else None


def jailed_fetcher(roots: tuple[Path, ...]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class JailedFetcher(URLFetcher):
        """Serves data: URLs and files inside the allowed folders; refuses everything else.

        Files are read here, from the very path that was checked, never by urllib.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"})
            self.refused: dict[str, tuple[str, str] | None] = {}  # url: why, if known
            self.served: list[Path] = []  # project files read
            self.read: list[Path] = []  # every file read

        def fetch(self, url: str, headers: dict | None = None):
            if url[:5].lower() == "data:":
                try:
                    kind, data = data_url(url)
                except ValueError:
                    self.refused[url] = "which is not a well-formed data: URL", "fix or remove it"
                    raise ValueError("studybook refused a damaged data: URL") from None
                if problem := image_problem(data):
                    self.refused[url] = f"but {problem[0]}", problem[1]
                    raise ValueError("studybook refused an image in a data: URL")
                return URLFetcherResponse(url, data, {"Content-Type": kind})
            path = local_path(url)
            if path is None or not path.is_file() or not _inside(path, roots):
                self.refused[url] = None
                raise ValueError(f"studybook refused to fetch {url}")
            if path.is_relative_to(roots[0]):
                self.served.append(path)
                try:
                    data = read_inside(path, roots[0], MAX_FETCH_BYTES)
                except Unreadable as err:
                    self.refused[url] = f"but {err.message}", err.hint
                    raise ValueError(f"studybook refused to fetch {url}") from None
                if problem := image_problem(data, path.name):
                    self.refused[url] = f"but {problem[0]}", problem[1]
                    raise ValueError(f"studybook refused to fetch {url}")
            else:
                data = path.read_bytes()
            self.read.append(path)
            kind = mimetypes.guess_type(path.name)[0] or "text/plain"
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return JailedFetcher()


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)
