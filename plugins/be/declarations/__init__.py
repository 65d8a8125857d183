"""Belgian declarations: DIMONA, DmfA, periodic VAT return (see docs/declarations.md)."""
from plugins.be.declarations.rules import BelgianDeclarations

__all__ = ["BelgianDeclarations"]
