"""Checks over a read report: tables (勾稽), continuity with last year, the narrative text.

Checks never import rendering: they judge data, they do not print it."""
