"""SQLite: schema and migrations, writes, reads, change log, undo, search index."""
