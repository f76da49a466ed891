"""arrears compliance check FILE.json [FILE.json ...] | -
arrears compliance explain ACCOUNT --action call [--at INSTANT] [--phone N | --email A | --address ID] [--facts]
arrears compliance dial-list [--client CODE] [--at INSTANT] [--output FILE]

`check` decides on facts documents (docs/compliance.md) and prints one JSON line per file; a file that is
not a valid facts document is reported on stderr with the file and field, and the exit status is 1.
`explain` builds the same facts from the database and prints the decision (and, with --facts, the facts).
"""

import json
import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from arrears.compliance.actions import export_dial_list
from arrears.compliance.engine import decide_document
from arrears.compliance.engine.facts import FactsError
from arrears.compliance.facts_db import facts_document
from arrears.compliance.queries import find_account, proposal_from_options
from arrears.core.errors import InvalidInput
from arrears.users.commands import command_actor


class Command(BaseCommand):
    help = "Decide with the compliance engine: check facts files, explain an account, export a dial list."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        check = sub.add_parser("check", help="decide on facts documents (JSON files, or - for stdin)")
        check.add_argument("files", nargs="+")
        explain = sub.add_parser("explain", help="decide for an account from the database")
        explain.add_argument("account", help="client account number (CODE:NUMBER if several clients use it) or #id")
        explain.add_argument("--action", default="call")
        explain.add_argument("--at", help="ISO instant (default now)")
        explain.add_argument("--phone", help="the number to call or text (default the first current one)")
        explain.add_argument("--email", help="the address to email")
        explain.add_argument("--address", type=int, help="the postal address id for a letter")
        explain.add_argument("--dialer", default="manual", choices=["manual", "autodialer", "prerecorded_voice"])
        explain.add_argument("--facts", action="store_true", help="print the facts document too")
        dial = sub.add_parser("dial-list", help="accounts that may be called now, with the number to dial (CSV)")
        dial.add_argument("--client", help="only this client's accounts")
        dial.add_argument("--at", help="ISO instant (default now)")
        dial.add_argument("--output", type=Path, help="write the CSV here (default stdout)")
        dial.add_argument("--user", help="username recorded as the exporter (default: system)")

    def handle(self, *args, **options):
        verb = options["verb"]
        if verb == "check":
            return self._check(options["files"])
        if verb == "explain":
            return self._explain(options)
        return self._dial_list(options)

    # -- check -----------------------------------------------------------------------------------------
    def _check(self, files: list[str]) -> None:
        failed = 0
        for name in files:
            try:
                text = sys.stdin.read() if name == "-" else Path(name).read_text()
            except OSError as exc:
                self.stderr.write(f"{name}: {exc.strerror}")
                failed += 1
                continue
            try:
                document = json.loads(text)
            except json.JSONDecodeError as exc:
                self.stderr.write(f"{name}: line {exc.lineno} column {exc.colno}: not JSON ({exc.msg})")
                failed += 1
                continue
            try:
                decision = decide_document(document)
            except FactsError as exc:
                self.stderr.write(f"{name}: {exc}")
                failed += 1
                continue
            self.stdout.write(json.dumps({"file": name, **decision.as_json()}, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} could not be decided")

    # -- explain ---------------------------------------------------------------------------------------
    def _explain(self, options) -> None:
        account = find_account(options["account"])
        at = _instant(options["at"]) if options["at"] else timezone.now()
        try:
            proposal = proposal_from_options(account, options["action"], at, phone=options["phone"],
                                             email=options["email"], address=options["address"],
                                             dialer=options["dialer"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        document = facts_document(account, proposal)
        if options["facts"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        decision = decide_document(document)
        self.stdout.write(json.dumps({"account": account.client_account_number, **decision.as_json()},
                                     ensure_ascii=False))

    # -- dial list -------------------------------------------------------------------------------------
    def _dial_list(self, options) -> None:
        at = _instant(options["at"]) if options["at"] else timezone.now()
        actor = command_actor(options["user"])
        try:
            export = export_dial_list(actor, at=at, client_code=options["client"])
        except InvalidInput as exc:
            raise CommandError(str(exc)) from None
        if options["output"]:
            options["output"].write_text(export.csv)
        else:
            self.stdout.write(export.csv, ending="")
        self.stderr.write(f"dial list #{export.pk}: {export.rows} callable of {export.accounts_considered} accounts")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(f"--at {text!r} is not an ISO 8601 instant") from None
    if value.tzinfo is None:
        raise CommandError(f"--at {text!r} needs a UTC offset, e.g. {text}-05:00")
    return value
