"""Route modules: every route handler defined in one is served (``api.discovery``), no list to keep."""
