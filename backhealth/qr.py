"""QR codes as inline SVG, shared by the printable pages (article handouts, results).

Inline SVG with no style attributes (the CSP forbids them) and no request: nothing leaves
the site. Making one is slow next to the rest of a page, so recent ones are memoised.
"""

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg(url: str, scale: int = 3) -> str:
    """The address as an inline SVG QR code (error correction M, a 2-module border)."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=2, omitsize=False)
