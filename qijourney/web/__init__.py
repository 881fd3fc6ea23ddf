"""What every page shares: layout, middleware, home page, display helpers."""
