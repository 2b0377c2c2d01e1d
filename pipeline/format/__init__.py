"""The official format (国办公开办函〔2021〕30号), declared once, and what derives from it alone.

Layer 0: imports nothing else of the project. Labels, table shapes, workbook addresses and the
勾稽 equations live here; every other layer reads them from here.
"""
