"""Domain core of the portal: record schemas, loading, validation, privacy and derived figures.

Nothing in this package imports MkDocs, so it can be tested without a build and moved
to another site engine when needed.
"""
