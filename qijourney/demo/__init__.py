"""The demo: a realistic synthetic integrated care system, loaded once into a data folder."""
