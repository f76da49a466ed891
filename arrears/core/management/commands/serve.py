"""arrears serve [--host H] [--port P] [--threads N] [--with-worker]: the web application on waitress.

With --with-worker the task worker runs beside it as a child process and stops with it.
"""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application

from arrears.core.keys import check_digest_key


class Command(BaseCommand):
    help = "Serve arrears over HTTP (waitress), optionally with the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--with-worker", action="store_true", help="also run `arrears worker` as a child process")

    def handle(self, *args, **options):
        from waitress import serve

        check_digest_key()  # before anything is served: a changed digest key would split debtors in two
        application = get_wsgi_application()
        call_command("check", deploy=not settings.DEBUG, fail_level="ERROR", verbosity=0)
        worker = None
        if options["with_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "arrears.cli", "worker"])

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"arrears on http://{options['host']}:{options['port']}/"
                          + (" with the worker" if worker else "") + "  (Ctrl-C stops)")
        try:
            serve(application, host=options["host"], port=options["port"], threads=options["threads"],
                  ident="arrears", _quiet=True)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
