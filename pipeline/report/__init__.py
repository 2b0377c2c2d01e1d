"""Rendering one unit's report: the Word context, the .docx, PDF through LibreOffice, the web page."""
