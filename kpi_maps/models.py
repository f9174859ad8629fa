"""Models of this app arrive with its issue; the app is installed now so that URLs and migrations are wired."""
