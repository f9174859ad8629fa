"""Pages of the organisation under /org/: state bodies, people, teams, absences, the role catalogue."""

from django.urls import path

from . import absence_views, catalogue_views, notification_views, team_views, views

urlpatterns = [
    path("bodies/", views.BodyListView.as_view(), name="body-list"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/options/", team_views.PersonOptionsView.as_view(), name="person-options"),
    path("assignments/new/", team_views.AssignmentCreateView.as_view(), name="assignment-create"),
    path("assignments/<int:pk>/edit/", team_views.AssignmentUpdateView.as_view(), name="assignment-edit"),
    path("assignments/<int:pk>/end/", team_views.AssignmentEndView.as_view(), name="assignment-end"),
    path("assignments/<int:pk>/delete/", team_views.AssignmentDeleteView.as_view(), name="assignment-delete"),
    path("people/<int:pk>/absences/new/", absence_views.AbsenceCreateView.as_view(), name="absence-create"),
    path("absences/<int:pk>/edit/", absence_views.AbsenceUpdateView.as_view(), name="absence-edit"),
    path("absences/<int:pk>/delete/", absence_views.AbsenceDeleteView.as_view(), name="absence-delete"),
    path("roles/", catalogue_views.RoleCatalogueView.as_view(), name="role-catalogue"),
    path("substitution/", catalogue_views.SubstitutionSchemeView.as_view(), name="substitution-scheme"),
    path("people/mention/", notification_views.PersonMentionView.as_view(), name="person-mention"),
    path("notifications/", notification_views.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/count/", notification_views.NotificationCountView.as_view(), name="notifications-count"
    ),
    path(
        "notifications/latest/",
        notification_views.NotificationLatestView.as_view(),
        name="notifications-latest",
    ),
    path(
        "notifications/read-all/",
        notification_views.NotificationReadAllView.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/<int:pk>/open/",
        notification_views.NotificationOpenView.as_view(),
        name="notification-open",
    ),
]
