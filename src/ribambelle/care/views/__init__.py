"""The care pages, one module per area; each module declares its own ``urlpatterns`` (see care/urls.py)."""
