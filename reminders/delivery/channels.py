"""External channels behind one small interface.

A channel says where a person is reached (``address_fields``: Person value paths, the
first non-empty one wins) and how one digest is sent (``send``: raise on failure and the
outbox retries). The scan and the outbox never know which channels exist: enabled
channels are listed in the ``REMINDER_CHANNELS`` setting (env, comma-separated codes).

Adding a channel (e.g. SMS): subclass ``Channel``, decorate with ``@register_channel``
in a module that is imported at start-up (this one, or your app's ``AppConfig.ready``),
and add its code to ``REMINDER_CHANNELS``. See README「催办督办」.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)

_channels: dict[str, type["Channel"]] = {}


def register_channel(cls):
    _channels[cls.code] = cls
    return cls


class ChannelError(Exception):
    """A send that failed; the message stays in the outbox and is retried."""


class Channel:
    code = ""
    label = ""
    address_fields: tuple[str, ...] = ()

    def address(self, values: dict) -> str:
        for name in self.address_fields:
            value = (values.get(name) or "").strip()
            if value:
                return value
        return ""

    def send(self, *, address: str, subject: str, body: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


@register_channel
class EmailChannel(Channel):
    code = "email"
    label = "电子邮件"
    address_fields = ("email", "user__email")

    def send(self, *, address, subject, body):
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)


@register_channel
class WebhookChannel(Channel):
    """A group robot (政务微信/企业微信 style JSON) that @-mentions the person by mobile number.

    Set ``REMINDER_WEBHOOK_URL``. For a 钉钉 robot the body differs only in the mention
    key (``{"at": {"atMobiles": [...]}}``): subclass and override ``payload``.
    """

    code = "webhook"
    label = "工作群机器人"
    address_fields = ("phone",)
    timeout = 10

    def payload(self, *, address, subject, body) -> dict:
        return {"msgtype": "text", "text": {"content": f"{subject}\n{body}", "mentioned_mobile_list": [address]}}

    def send(self, *, address, subject, body):
        url = getattr(settings, "REMINDER_WEBHOOK_URL", "")
        if not url.startswith(("https://", "http://")):
            raise ChannelError("未配置工作群机器人地址（REMINDER_WEBHOOK_URL）")
        data = json.dumps(self.payload(address=address, subject=subject, body=body), ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - scheme checked above
            answer = json.loads(response.read() or b"{}")
        if answer.get("errcode", 0) != 0:
            raise ChannelError(f"机器人返回错误：{answer.get('errmsg', answer)}")


def enabled_channels() -> list[Channel]:
    codes = getattr(settings, "REMINDER_CHANNELS", ["email"])
    unknown = [c for c in codes if c not in _channels]
    if unknown:
        logger.error("unknown reminder channels in REMINDER_CHANNELS: %s", unknown)
    return [_channels[c]() for c in codes if c in _channels]
