"""The command line and what it runs after ingest: build and publish, query, report."""
