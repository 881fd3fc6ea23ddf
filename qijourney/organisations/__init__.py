"""Organisations, people, roles and strategy: the tree everything rolls up."""
