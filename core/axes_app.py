"""django-axes under a Chinese name in the admin (登录安全); its label stays ``axes``, so no migration."""

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "登录安全"
