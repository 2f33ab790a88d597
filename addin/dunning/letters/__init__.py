"""Letters: which letters are due (plan), what goes in them (context), Word files (render, batch)."""
