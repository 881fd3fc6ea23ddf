"""The ``qijourney`` command."""
