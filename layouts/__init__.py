"""studybook's built-in layouts: Jinja templates and the print stylesheet (package data)."""
