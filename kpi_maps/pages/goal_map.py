"""Goal map pages: interactive tree, Appendix 2 form and its XLSX, gap analysis (helper B)."""

urlpatterns: list = []
