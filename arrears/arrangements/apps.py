from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "arrears.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"
