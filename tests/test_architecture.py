"""The map of DEVELOPING.md, checked where imports alone cannot show it (import-linter checks
the layers): views are thin, refusals come from the permissions module, the audit trail is
written only by services, and no module grows past what a reader can hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "qijourney"
MOST_LINES = 400
# Calls that query or write the database: views leave them to selectors and services.
DATABASE_CALLS = {
    "objects",
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "select_related",
    "prefetch_related",
    "order_by",
    "values_list",
    "count",
    "exists",
    "first",
    "all",
    "create",
    "save",
    "delete",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "atomic",
}


def modules(*, under: Path = PACKAGE):
    for path in sorted(under.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def view_modules():
    """App views, the site's own pages and API endpoints (not the API's shared base)."""
    for path in modules():
        in_api = path.parent.name == "api" and path.name not in ("base.py", "serializers.py")
        if path.name == "views.py" or path.parent.name == "views" or in_api:
            yield path


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"


def test_no_module_is_longer_than_a_reader_can_hold():
    long = [
        f"{path.relative_to(PACKAGE.parent)} ({n} lines)"
        for path in modules()
        if (n := len(path.read_text().splitlines())) > MOST_LINES
    ]
    assert not long, f"split these by what they do: {long}"


@pytest.mark.parametrize("path", list(view_modules()), ids=lambda p: p.parent.name + "/" + p.name)
def test_views_neither_query_nor_write(path):
    tree = ast.parse(path.read_text())
    empty = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "none"
    }
    found = [
        f"{where(path, node)} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in DATABASE_CALLS
        # The session is not the database; an empty queryset (for the schema) reads nothing.
        and not (isinstance(node.value, ast.Attribute) and node.value.attr == "session")
        and id(node) not in empty
    ]
    assert not found, f"reads belong in selectors, writes in services: {found}"


def test_refusals_come_from_the_permissions_module():
    # The API's base turns those refusals into its own 403s.
    allowed = {PACKAGE / "organisations" / "permissions.py", PACKAGE / "api" / "base.py"}
    found = []
    for path in modules():
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
                == "PermissionDenied"
            ):
                found.append(where(path, node))
    assert not found, f"ask permissions.require() instead: {found}"


def test_only_services_write_the_audit_trail():
    found = []
    for path in modules():
        if "services" in (path.stem, path.parent.name) or path.parent.name == "audit":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "qijourney.audit.services":
                found.append(where(path, node))
    assert not found, f"changes are audited inside services: {found}"


def test_audit_actions_are_named():
    """Every record() names its action as an AuditEvent.Action member, never as text."""
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "record"):
                continue
            for keyword in node.keywords:
                if keyword.arg == "action" and any(
                    isinstance(n, ast.Constant) and isinstance(n.value, str)
                    for n in ast.walk(keyword.value)
                ):
                    found.append(where(path, node))
    assert not found, f"use AuditEvent.Action members: {found}"
