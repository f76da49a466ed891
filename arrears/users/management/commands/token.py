"""arrears token create USERNAME NAME | arrears token list [USERNAME] | arrears token revoke PREFIX"""

from django.core.management.base import BaseCommand, CommandError

from arrears.users.actions import create_api_token, revoke_api_token
from arrears.users.models import ApiToken, User


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="make a token for a user; it is printed once")
        create.add_argument("username")
        create.add_argument("name", help="what will use it, e.g. 'client sftp bridge'")
        listing = sub.add_parser("list")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix", help="the token's first characters, as `list` shows them")

    def handle(self, *args, verb, **options):
        if verb == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"no user {options['username']!r}")
            _, plain = create_api_token(user, options["name"], None)
            self.stdout.write(plain)
        elif verb == "list":
            tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
            if options["username"]:
                tokens = tokens.filter(user__username=options["username"])
            for t in tokens:
                state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
                self.stdout.write(f"{t.prefix}…\t{t.user.username}\t{t.name}\t{state}")
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"no active token starting {options['prefix']!r}")
            revoke_api_token(token, None)
            self.stdout.write(f"revoked {token.prefix}…")
