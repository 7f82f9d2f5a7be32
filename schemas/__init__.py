"""The schemas, shipped as package data."""
