"""Accuracy measured on public gold data."""
