"""API: the FastAPI app that serves the store read-only (``communique serve``)."""

from communique.api.app import create_app

__all__ = ["create_app"]
