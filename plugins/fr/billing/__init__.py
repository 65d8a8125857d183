"""French billing rules: VAT 20/10/5.5/2.1, mandatory B2B mentions (art. 242 nonies A ann. II CGI,
L441-9 Code de commerce), e-invoicing reform mentions, Factur-X (EN 16931)."""
from partage.plugins.fr.billing.rules import FrenchBilling

__all__ = ["FrenchBilling"]
