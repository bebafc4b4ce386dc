"""The reference headless front end: static files served at ``/headless/``."""
