from .pipeline import register

__all__ = ["register"]
