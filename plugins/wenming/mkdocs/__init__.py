"""MkDocs adapters: thin plugins that read records through :mod:`wenming.core` and add pages."""
