"""chrono: timelines from Arabic and English news."""

__version__ = "0.1.0"
