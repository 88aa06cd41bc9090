"""The expected answers of the authorization matrix (recorded with MATRIX_RECORD)."""

TABLE = """
url
"""
