"""Metric tables: pure functions from clean tables to tidy, disclosure-safe metric tables."""
