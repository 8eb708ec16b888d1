"""Question banks: the question model, TOML fields, loading, checking, and writing banks back as TOML."""
