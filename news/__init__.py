"""News (tin tức): articles that ward staff publish, with images, drafts and scheduling."""
