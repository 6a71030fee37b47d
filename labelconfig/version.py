"""The package's version, declared once below every layer: the package root re-exports it, and the front
ends that write SARIF reports name it."""

__version__ = "0.1.0"
