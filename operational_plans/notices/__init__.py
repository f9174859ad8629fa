"""Notification kinds of the operational plans (org.notification_kinds), one module per part."""
