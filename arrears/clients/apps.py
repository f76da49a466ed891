from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "arrears.clients"
    label = "clients"
