from .site_url import register

__all__ = ["register"]
