import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import ScopedQuerysetMixin
from core.filters import BooleanFilter
from reminders.api.serializers import CountSerializer, NotificationSerializer, UpdatedSerializer
from reminders.models import Notification
from reminders.selectors import notification_list, notification_unread_count
from reminders.services import notification_mark_all_read, notification_mark_read


class NotificationFilter(django_filters.FilterSet):
    unread = BooleanFilter(field_name="read_at", lookup_expr="isnull", label="仅未读")

    class Meta:
        model = Notification
        fields = ["unread", "stage"]


@extend_schema_view(list=extend_schema(summary="我的站内消息"), retrieve=extend_schema(summary="站内消息详情"))
class NotificationViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def selector(self, user):
        return notification_list(user=user)

    @extend_schema(summary="标记为已读", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="read", filter_backends=[])
    def mark_read(self, request, pk=None):
        notification = notification_mark_read(user=request.user, notification_id=pk)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="全部标记为已读", request=None, responses=UpdatedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def mark_all_read(self, request):
        return Response({"updated": notification_mark_all_read(user=request.user)})

    @extend_schema(summary="未读消息数", responses=CountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[], pagination_class=None)
    def unread_count(self, request):
        return Response({"count": notification_unread_count(user=request.user)})
