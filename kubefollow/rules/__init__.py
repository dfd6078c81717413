"""The only reader of data/*.toml and the catalog: themes, cues, exclusions, text rules,
each extended by the user's own file of the same name."""
