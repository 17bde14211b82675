from .crawler import register

__all__ = ["register"]
