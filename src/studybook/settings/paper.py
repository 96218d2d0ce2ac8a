"""Paper sizes and the page geometry derived from them."""

from __future__ import annotations

from dataclasses import dataclass

INCH = 72  # PostScript points
MM = INCH / 25.4


@dataclass(frozen=True)
class Paper:
    """A trim size, in PostScript points, with margins that suit it."""

    key: str
    name: str
    width: float
    height: float

    @property
    def css_size(self) -> str:
        return f"{self.width:.2f}pt {self.height:.2f}pt"

    @property
    def margin(self) -> float:
        """Base margin, a tenth of the page width: keeps lines short enough to read on A4."""
        return round(self.width / 10, 1)


PAPERS = {
    "half-letter": Paper("half-letter", "US half-letter (5.5 × 8.5 in)", 5.5 * INCH, 8.5 * INCH),
    "letter": Paper("letter", "US letter (8.5 × 11 in)", 8.5 * INCH, 11 * INCH),
    "a5": Paper("a5", "A5 (148 × 210 mm)", 148 * MM, 210 * MM),
    "a4": Paper("a4", "A4 (210 × 297 mm)", 210 * MM, 297 * MM),
}
