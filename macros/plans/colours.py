"""Work-stream colours are backgrounds behind dark text: check they stay readable (WCAG 2.2 AA)."""
from __future__ import annotations

INK = "#1b1b1b"  # the text colour printed on work-stream colours (site.css --fr-ink)
MINIMUM = 4.5  # WCAG 2.2 AA contrast for normal text


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str = INK) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def problem(colour: str) -> str | None:
    ratio = contrast(colour)
    if ratio >= MINIMUM:
        return None
    return (f"colour {colour} is too dark for the dark text printed on it (contrast {ratio:.1f}:1, "
            f"at least {MINIMUM}:1 is needed): choose a lighter colour")
