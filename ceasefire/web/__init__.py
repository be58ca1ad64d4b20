"""The service: ``create_app(settings)`` builds the FastAPI application over the store."""

from ceasefire.web.app import create_app

__all__ = ["create_app"]
