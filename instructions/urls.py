"""Pages of the instructions on control under /instructions/."""

from .pages import instructions, templates

urlpatterns = [*instructions.urlpatterns, *templates.urlpatterns]
