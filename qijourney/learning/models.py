"""The learning library's stories and the spread of change ideas."""
