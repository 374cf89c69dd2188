"""The Jinja environment of chrono's pages, tuned for the data they render: plain dicts."""

from __future__ import annotations

from flask.templating import Environment as FlaskEnvironment


class Environment(FlaskEnvironment):
    """`e.id` on a dict (or a dict subclass) looks the key up first. Jinja's own order (an attribute, then the item) raises
    and catches an AttributeError for every such lookup, and a timeline page makes thousands. The
    templates call no dict methods, so for them the two orders give the same."""

    def getattr(self, obj, attribute):
        if isinstance(obj, dict):
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)
