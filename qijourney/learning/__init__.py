"""The learning library: the stories of finished and stopped projects, and the spread of their
change ideas to other units and organisations."""
