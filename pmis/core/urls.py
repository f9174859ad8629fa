"""Pages of the core: sign-in and sign-out, home, the hierarchy tree, search, the language switch."""

from django.urls import include, path

from . import export_pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("tree/", views.tree, name="tree"),
    path("tree/children/<str:kind>/<int:pk>/", views.tree_children, name="tree-children"),
    path("search/", views.search, name="search"),
    # Resolved before django.conf.urls.i18n (see pmis/urls.py), so the switch also stores Person.language.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    *export_pages.urlpatterns,
]
