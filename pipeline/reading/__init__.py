"""Reading a unit's workbook safely: the file gate, the cells, their values, last year's workbook."""
