"""Handing a stored file to a person who may see it (the caller has asked the authorization module)."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_response(file: FieldFile, name: str) -> FileResponse:
    """The file as a download under `name`; 404 when it is gone from the storage (a row without its file)."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=name)
