"""The seed memo (document 390 of FRUS 1961-63 v05), shipped as package data."""
