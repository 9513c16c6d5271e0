"""manage.py send_due_mail [--date YYYY-MM-DD]: what beat does on schedule, now."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kombitportal.core import clock
from kombitportal.notifications import services
from kombitportal.notifications.selectors import digest_monday


class Command(BaseCommand):
    help = (
        "Run the reminder sweep for a day (default today, Europe/Copenhagen) and the digest sweep "
        "for that day's week, putting what is due in the outbox and queueing it for the worker. "
        "Safe to run any number of times: nothing is queued or sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="the day, YYYY-MM-DD (default: today)")
        parser.add_argument("--no-digest", action="store_true", help="run the reminder sweep only")
        parser.add_argument(
            "--send-now",
            action="store_true",
            help="send the queued mails from this process too, instead of leaving them to a worker",
        )

    def handle(self, *args, day=None, no_digest=False, send_now=False, **options):
        try:
            when = date.fromisoformat(day) if day else clock.today()
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        results = [("reminders", services.reminders_sweep(day=when))]
        if not no_digest:
            results.append(("digests", services.digests_sweep(day=when)))
        for name, r in results:
            self.stdout.write(
                f"{name} for {when}: {r.due} due, {r.added} new in the outbox, "
                f"{r.queued} queued for sending"
            )
        if send_now:
            from kombitportal.notifications.models import Mail

            states: dict[str, int] = {}
            for pk in Mail.objects.filter(state=Mail.State.QUEUED).values_list("pk", flat=True):
                state = str(services.mail_deliver(mail_id=pk).state)
                states[state] = states.get(state, 0) + 1
            self.stdout.write(f"sent from this process: {states or 'nothing waiting'}")
        if digest_monday(when) != when and not no_digest:
            self.stdout.write(f"(the digest is for the week of Monday {digest_monday(when)})")
