"""Production ASGI entry point: ``uvicorn api.asgi:app`` (settings from ``PARTAGE_*``)."""
from partage.api.app import create_app

app = create_app()
