from .safety import register

__all__ = ["register"]
