"""Improvement projects (Model for Improvement): aims, teams, progress scores, the portfolio."""
