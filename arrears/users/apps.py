from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "arrears.users"
    label = "users"
