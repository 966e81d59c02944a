"""The version, apart from the package root so modules can read it without importing the public API."""

__version__ = "0.1.0"
