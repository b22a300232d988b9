"""Query: stored SPARQL queries (``stored``), running them on the built dumps or a remote
endpoint and writing their results (``results``), and ``dist/`` opened as an embedded store
(``store``).
"""
