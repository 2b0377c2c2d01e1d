"""The web page (``python -m pipeline serve``): units upload and check their workbooks, the county
office follows who has sent what. Everything goes through the same library functions as the command line."""
