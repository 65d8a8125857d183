"""Partage: install the repository's top-level packages under one `partage` import package."""
