"""Route modules; each is declared under the ``partage.routes`` entry-point group."""
