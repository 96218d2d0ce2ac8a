"""What WeasyPrint says about this computer rather than about a layout: a system library it
would use and cannot load. That is never a layout's warning and never changes what the PDF
holds; `system_notes` names the package that would provide it, for `--verbose`."""

from __future__ import annotations

import platform
import re
import sys

# WeasyPrint's messages about the machine: fonts subset with fontTools for want of
# HarfBuzz-Subset, colour emoji fonts drawn without HarfBuzz-Vector.
ABOUT_THE_MACHINE = re.compile(
    r"Using fontTools instead of HarfBuzz-Subset|Please install HarfBuzz version \S+ with "
)
HARFBUZZ_SUBSET = {  # what provides libharfbuzz-subset, per system
    "debian": "sudo apt-get install libharfbuzz-subset0",
    "fedora": "sudo dnf install harfbuzz",
    "macos": "brew install harfbuzz",
    "windows": "pacman -S mingw-w64-ucrt-x86_64-harfbuzz (in MSYS2's UCRT64 shell)",
}


def about_the_machine(message: str) -> bool:
    """Whether a WeasyPrint message is about this computer's libraries, not a layout."""
    return ABOUT_THE_MACHINE.match(message) is not None


def system_notes() -> list[str]:
    """One line per system library WeasyPrint would use and cannot load here, naming the
    package that provides it; none when all is well. Imports WeasyPrint (half a second)."""
    from weasyprint.text import ffi

    subset = getattr(ffi, "harfbuzz_subset", True)  # a WeasyPrint that requires it: found
    if subset is not None and ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return []
    install = HARFBUZZ_SUBSET.get(_system())
    how = (
        f"install it with `{install}`"
        if install
        else "install HarfBuzz 4.1 or newer with its libharfbuzz-subset library"
    )
    return [
        "HarfBuzz-Subset is not installed: WeasyPrint embeds the fonts with fontTools "
        f"instead, more slowly (the PDFs hold the same text and fonts); {how}"
    ]


def _system() -> str | None:
    """The family of this system, as far as packages go: debian, fedora, macos, windows."""
    if sys.platform == "darwin":
        return "macos"
    if sys.platform == "win32":
        return "windows"
    try:
        release = platform.freedesktop_os_release()
    except OSError:
        return None
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    if family & {"debian", "ubuntu"}:
        return "debian"
    if family & {"fedora", "rhel", "centos"}:
        return "fedora"
    return None
