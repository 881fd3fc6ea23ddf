"""qijourney: open software for organisation-wide quality improvement."""

__version__ = "0.1.0"
