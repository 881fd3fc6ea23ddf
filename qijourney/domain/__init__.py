"""Domain code that needs no database: reading incoming tables, the dosing arithmetic.

Below the Django apps and above the engine; it imports neither (see DEVELOPING.md).
"""
