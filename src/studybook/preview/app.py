"""`studybook serve`: build, watch and serve the preview until Ctrl-C."""

from __future__ import annotations

import errno
import signal
import tempfile
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Problem, ProblemsFound, one_line
from ..jobs import Workers
from ..project import nearest_project, shown
from .builder import Builder
from .server import PreviewServer
from .watch import watch_project

DEFAULT_PORT = 8000


def serve(
    path: Path,
    settings: dict[str, object],
    host: str,
    port: int | None,
    open_browser: bool,
    say: Callable[[str], None],
) -> None:
    """Serve the preview of the studies at `path` on host:port (port None: 8000, or any
    free port if that one is taken) until Ctrl-C.

    The preview's PDFs and pictures go to a private temporary folder, removed on exit, so
    the project's own output/ is never touched, whatever state the study is in.
    """
    project = nearest_project(path.resolve())
    if project is not None:
        watched, ignored = project, [project / "output"]
    else:  # a study outside any project: its folder (editors save by replacing the file)
        watched, ignored = path if path.is_dir() else path.parent, []
    with (
        _terminate_as_interrupt(),
        tempfile.TemporaryDirectory(prefix="studybook-preview-") as folder,
    ):
        builder = Builder(path, settings, Path(folder), Workers().start())
        source = one_line(shown(path))
        server = _listen(host, port, builder, source)
        stop = threading.Event()
        threads = [
            threading.Thread(target=builder.run, args=(say,), name="preview builds"),
            threading.Thread(
                target=watch_project,
                args=([watched], ignored, builder.want, stop),
                name="preview watcher",
            ),
        ]
        try:
            for thread in threads:
                thread.start()
            say(f"Previewing {source} at {server.url} (press Ctrl-C to stop)")
            if server.hosts is None:
                say(f"Anyone who can reach this computer on port {server.server_address[1]} "
                    "can see the preview.")  # fmt: skip
            if open_browser:
                webbrowser.open(server.url)
            server.serve_forever()
        except KeyboardInterrupt:
            if builder.state.building:
                say("Stopping the build in progress…")
        finally:
            stop.set()
            builder.stop()
            server.server_close()
            for thread in threads:
                if thread.is_alive():
                    thread.join()
    say("Stopped.")


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Stop as cleanly on SIGTERM (a service manager, `kill`) as on Ctrl-C."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _listen(host: str, port: int | None, builder: Builder, source: str) -> PreviewServer:
    """The server, listening; when no port was asked for and 8000 is taken, any free one."""
    try:
        return PreviewServer((host, DEFAULT_PORT if port is None else port), builder, source)
    except OSError as error:
        if error.errno == errno.EADDRINUSE and port is None:
            return _listen(host, 0, builder, source)
        if error.errno == errno.EADDRINUSE:
            message = f"port {port} is already in use on {host}"
            hint = "choose another with --port, or leave --port out to use a free one"
            raise ProblemsFound([Problem("--port", message=message, hint=hint)]) from None
        message = f"cannot listen on {host}: {error.strerror or error}"
        hint = "leave --host out to preview on this computer only"
        raise ProblemsFound([Problem("--host", message=message, hint=hint)]) from None
