"""The web application: JSON API and timeline pages."""

from chrono.web.app import create_app

__all__ = ["create_app"]
