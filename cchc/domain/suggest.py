"""The one "did you mean" helper: every unknown id, code, field or option is matched here."""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6


def close_matches(value: str, candidates: Iterable[str], *, n: int = 1, cutoff: float = CUTOFF) -> list[str]:
    """Up to ``n`` candidates close to ``value`` (``difflib`` ratio at least ``cutoff``), best first."""
    import difflib  # only a wrong name needs it: a clean validate never imports it

    return difflib.get_close_matches(str(value), [str(c) for c in candidates], n=n, cutoff=cutoff)


def closest(value: str, candidates: Iterable[str], *, cutoff: float = CUTOFF) -> str | None:
    """The candidate closest to ``value``, else ``None``."""
    match = close_matches(value, candidates, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(value: str, candidates: Iterable[str], fallback: str | None = None, *, n: int = 1) -> str | None:
    """"có phải ý bạn là «x»?" (up to ``n`` candidates: "«x», «y»?"), else ``fallback``."""
    near = close_matches(value, candidates, n=n)
    return ("có phải ý bạn là " + ", ".join(f"«{c}»" for c in near) + "?") if near else fallback
