from .model import register

__all__ = ["register"]
