"""French country plugin (entry point `partage.countries: fr = plugins.fr:plugin`)."""
from partage.plugins.fr.plugin import FrancePlugin

plugin = FrancePlugin()

__all__ = ["FrancePlugin", "plugin"]
