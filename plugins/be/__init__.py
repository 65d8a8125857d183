"""Belgian country plugin (entry point `partage.countries: be = plugins.be:plugin`)."""
from partage.plugins.be.plugin import BelgiumPlugin

plugin = BelgiumPlugin()

__all__ = ["BelgiumPlugin", "plugin"]
