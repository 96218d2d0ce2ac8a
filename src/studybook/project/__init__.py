"""The project folder on disk, shared by every stage: finding the project a path belongs to
(upward from the current folder when no path is given) and where its PDFs go (`locate`),
reading its files safely (`files`: regular files inside the project, bounded, never
blocking; studybook's own files in the output folder trusted only as the very files a
build recorded), and writing files so that readers see the old or the whole new content
(`atomic`)."""

from .atomic import TEMPORARY, unwritable, write_atomically
from .files import Unreadable, file_digest, fingerprint, project_files, read_inside, read_own
from .locate import (
    PACKAGE_LAYOUTS,
    nearest_project,
    not_found,
    output_base,
    project_root,
    shown,
    studies_path,
)

__all__ = [
    "PACKAGE_LAYOUTS",
    "TEMPORARY",
    "Unreadable",
    "file_digest",
    "fingerprint",
    "nearest_project",
    "not_found",
    "output_base",
    "project_files",
    "project_root",
    "read_inside",
    "read_own",
    "shown",
    "studies_path",
    "unwritable",
    "write_atomically",
]
