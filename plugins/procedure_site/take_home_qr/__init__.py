from .qr import register

__all__ = ["register"]
