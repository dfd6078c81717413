"""kubefollow: turn the projects a conference trip report links to into a follow-up list."""

__version__ = "0.1.0"
