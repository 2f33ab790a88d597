"""The workbook: reading the team's sheets, writing the board, saving safely."""
