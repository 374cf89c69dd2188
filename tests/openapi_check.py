"""Check responses against chrono's /openapi.json: the status is documented for the path and method,
the content type is one the operation declares, and JSON bodies validate against their schema."""

from __future__ import annotations

import re

from jsonschema import Draft202012Validator, FormatChecker

from chrono.web.openapi import spec


def _templates():
    out = []
    for template in spec()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template)) + "$"
        out.append((re.compile(pattern), template))
    # Literal segments win over parameters (/regions/x.json before /regions/{slug}).
    out.sort(key=lambda item: (item[1].count("{"), -len(item[1])))
    return out


_TEMPLATES = _templates()


def template_for(path: str) -> str:
    for pattern, template in _TEMPLATES:
        if pattern.match(path):
            return template
    raise AssertionError(f"{path} is not documented in /openapi.json")


def check(response, path: str, method: str = "get"):
    """Validate a werkzeug test response for `path` (no query string); returns the response."""
    doc = spec()
    template = template_for(path.split("?")[0])
    operation = doc["paths"][template].get(method.lower())
    assert operation is not None, f"{method.upper()} {template} is not documented"
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method.upper()} {template} answered {response.status_code}, not documented"
    if response.status_code == 304 or method.lower() == "head":
        return response
    content = documented.get("content", {})
    mimetype = response.mimetype
    assert mimetype in content, f"{method.upper()} {template} {response.status_code}: {mimetype} not in {list(content)}"
    schema = content[mimetype].get("schema")
    if schema and mimetype.endswith("json"):
        validator = Draft202012Validator({"components": doc["components"], "allOf": [schema]},
                                         format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(response.get_json()), key=lambda e: list(e.absolute_path))
        assert not errors, f"{template}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return response
