"""A test OpenID Connect provider for Steward's system tests (see ../README.md)."""
