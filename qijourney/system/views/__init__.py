"""The system view's pages."""
