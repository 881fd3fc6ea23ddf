"""The system view: an integrated care system's shared indicators, which its organisations feed
and choose to share, and the comparison of its providers on them."""
