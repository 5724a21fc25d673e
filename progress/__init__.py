"""Campaign progress: what each unit reports it did, and who it nominated."""
