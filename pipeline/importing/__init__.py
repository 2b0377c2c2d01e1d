"""Published reports read back: a unit's .docx, web page, PDF or copied text in the 2021 format.

Every input format is turned into one plain shape first (``source.Doc``: paragraphs and table rows,
each with where it stood), and one assembler (``assemble``) turns that into a ``Report`` by the
labels of the declaration (``labels``), never by positions typed here. Nothing is guessed: a value
that cannot be read is left empty and said in the import note (``note``).
"""
