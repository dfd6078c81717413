"""The importable API under the CLI: ingest, item commands, reading, transfer."""
