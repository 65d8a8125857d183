"""Identity: users, roles and permissions, API keys, refresh tokens, web sessions, login throttling.

Framework-free: plain functions over a SQLAlchemy session; the API layer calls them.
"""
