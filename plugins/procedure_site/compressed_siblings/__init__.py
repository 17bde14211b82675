from .siblings import register

__all__ = ["register"]
