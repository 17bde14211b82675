from .stages import register

__all__ = ["register"]
