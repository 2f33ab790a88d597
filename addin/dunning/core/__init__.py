"""Pure rules engine: rows in, decisions out. Imports nothing of openpyxl, xlwings or docx."""
