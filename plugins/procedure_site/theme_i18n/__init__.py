from .translations import register

__all__ = ["register"]
