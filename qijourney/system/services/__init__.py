"""Every write of the system view: the catalogue (``catalogue.py``), each organisation's feed
and what it shares (``feeds.py``)."""
