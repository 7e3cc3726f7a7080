"""Figures for the chapters (see the package docstring)."""

__all__: list[str] = []
