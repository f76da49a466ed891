from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "arrears.desk"
    label = "desk"
    verbose_name = "Collector's desk"
