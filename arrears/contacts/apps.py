from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "arrears.contacts"
    label = "contacts"
