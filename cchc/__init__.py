"""cchc: data and documents for provincial administrative reform (cải cách hành chính)."""

__version__ = "0.1.0"
