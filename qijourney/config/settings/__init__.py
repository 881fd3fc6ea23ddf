"""Settings split by use: base (shared), local (development and the demo), production, test."""
