"""The live preview behind `studybook serve`: builds over the pipeline (`builder`), page
pictures (`pages`), a watcher (`watch`) and the web server (`server`).

Takes a project; gives a page in the browser that follows every save."""

from .app import serve

__all__ = ["serve"]
