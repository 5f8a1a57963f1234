"""The intake service: web volunteers submit, residents nominate, the office reviews (see app.py)."""
