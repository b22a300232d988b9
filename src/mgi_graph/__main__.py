from mgi_graph.cli import cli

cli()
