"""The REST API: the same permissions and services as the pages, for pipelines and BI tools."""
