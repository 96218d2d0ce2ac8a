"""The project folder on disk, shared by every stage: finding the project a path belongs to
and where its PDFs go (`locate`), reading its files safely (`files`: regular files inside
the project, bounded, never blocking), and writing files so that readers see the old or the
whole new content (`atomic`)."""

from .atomic import TEMPORARY, unwritable, write_atomically
from .files import Unreadable, file_digest, project_files, read_inside
from .locate import PACKAGE_LAYOUTS, nearest_project, output_base, project_root, shown

__all__ = [
    "PACKAGE_LAYOUTS",
    "TEMPORARY",
    "Unreadable",
    "file_digest",
    "nearest_project",
    "output_base",
    "project_files",
    "project_root",
    "read_inside",
    "shown",
    "unwritable",
    "write_atomically",
]
