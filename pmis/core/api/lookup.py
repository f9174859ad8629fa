"""Find any node of the hierarchy by its identification code (Rules p.86(8)).

Other information systems keep only the code; this answers which node it is and where to read it.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse

from pmis.core.selectors import node_by_code

API_NAMES = {
    "portfolio": "api-portfolio-detail",
    "program": "api-program-detail",
    "direction": "api-direction-detail",
    "group": "api-group-detail",
    "project": "api-project-detail",
}


@extend_schema(
    responses=inline_serializer(
        "NodeByCode",
        {
            "kind": serializers.CharField(),
            "id": serializers.IntegerField(),
            "ref": serializers.CharField(),
            "code": serializers.CharField(),
            "name": serializers.CharField(),
            "url": serializers.URLField(),
            "page": serializers.CharField(),
        },
    )
)
@api_view(["GET"])
def node_lookup(request, code: str):
    node = node_by_code(request.user, code)
    if node is None:
        raise NotFound(_("No item with the identification code “%(code)s”.") % {"code": code})
    return Response(
        {
            "kind": node.KIND,
            "id": node.pk,
            "ref": node.ref,
            "code": node.code,
            "name": node.name,
            "url": reverse(API_NAMES[node.KIND], args=[node.pk], request=request),
            "page": node.get_absolute_url(),
        }
    )
