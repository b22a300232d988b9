"""Query: stored SPARQL queries (``stored``), running them on the built dumps or a remote
endpoint and writing their results (``results``; SELECT and ASK results by ``solutions``,
the writer the server uses too), and ``dist/`` opened as an embedded store (``store``).
"""
