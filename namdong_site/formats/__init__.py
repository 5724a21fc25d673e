"""Project format overrides (FORMAT_MODULE_PATH)."""
