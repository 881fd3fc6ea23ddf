"""Reads of the system view, each cut to what the person may see."""
