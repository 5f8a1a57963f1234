"""Wenming community portal: records, validation and MkDocs plugins for a community civilization site."""
