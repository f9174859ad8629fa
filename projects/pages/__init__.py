"""Pages of a project's workspace, one module per part (board, charter, risks …), each with its `urlpatterns`."""
