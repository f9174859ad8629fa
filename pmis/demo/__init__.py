"""The demo data set: a fictional but plausible national setting for a newcomer's first `make run`.

`data` holds the data set as plain Python structures, `builder` creates it through the services, and
``python manage.py demo_data`` runs the builder. The demo logins and their passwords live only here.
"""
