from django.apps import AppConfig


class RemittanceConfig(AppConfig):
    name = "arrears.remittance"
    label = "remittance"
    verbose_name = "Trust accounting and remittance"
