"""A password hasher for tests that counts how often it hashes (a real hasher, not a mock)."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingMD5PasswordHasher(MD5PasswordHasher):
    """The test suite's MD5 hasher (same algorithm name, so it checks the existing hashes),
    counting every hash it computes: checking a password, or Django's dummy hash for an
    account or answer that does not exist."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)
