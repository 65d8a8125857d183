"""French declarations: monthly DSN, DPAE, CA3 VAT return (see docs/declarations.md)."""
from partage.plugins.fr.declarations.rules import FrenchDeclarations

__all__ = ["FrenchDeclarations"]
