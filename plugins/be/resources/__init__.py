"""Belgian official artefacts shipped with the plugin (ONSS DIMONA and DmfA XSDs, ...); see
``core.resources`` for the convention (one folder per set, each with a PROVENANCE.md)."""
from partage.core.resources import Resources

RESOURCES = Resources(__name__)
