"""The data in other shapes for other tools: sqlite.py, one SQLite database for Datasette."""
