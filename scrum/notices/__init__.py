"""How the weekly scrum's notifications read (org.notification_kinds registry), one module per part."""
