"""The core types, with no I/O: the models, the registry of file kinds, the loaded
repository and its lookups, dates, vocabulary, diagnostics, escaping and the lint rules."""
