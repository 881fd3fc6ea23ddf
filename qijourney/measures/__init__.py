"""Measures: the family of measures, their data, and their SPC charts from the engine."""
