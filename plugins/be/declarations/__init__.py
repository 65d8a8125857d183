"""Belgian declarations: DIMONA, DmfA, periodic VAT return (see docs/declarations.md)."""
from partage.plugins.be.declarations.rules import BelgianDeclarations

__all__ = ["BelgianDeclarations"]
