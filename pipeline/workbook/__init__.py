"""Spreadsheets the tool writes: the blank template, its guide, a report written back into a
template, and the annotated copy returned to a unit."""
