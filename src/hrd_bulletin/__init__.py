"""Reproducible pipeline for the HRD monitoring bulletin (Kazakhstan, 2015-2017)."""

__version__ = "0.1.0"
