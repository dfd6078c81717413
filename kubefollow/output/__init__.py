"""Tables and formats (json, csv, markdown) for what the CLI prints. Knows nothing above it."""
