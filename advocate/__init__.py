"""Advocate: encrypted case files for lawyers and victim advocates (the core, no Qt)."""

__version__ = "0.1.0"
