"""The Jinja2 side of the templates: the environment of the `jinja2` template engine (settings
TEMPLATES) and the form renderer of the list pages' filter forms. Jinja2 renders the portal's hot
partials — a list's filter controls and the KLIK task table — where Django's template language
spent more than the rest of the page; every other page is a Django template."""

from typing import Any

import jinja2
from django.forms.renderers import BaseRenderer
from django.template import engines
from django.template.backends.utils import csrf_input
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`url("klik:detail", 12)` in a template, as Django's {% url %}."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)  # noqa: S701 (the engine sets autoescape)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(url=url, static=static)
    return env


class JinjaFormRenderer(BaseRenderer):
    """Renders a form's template with the project's `jinja2` engine (templates/jinja2/)."""

    def get_template(self, template_name: str):
        return engines["jinja2"].get_template(template_name)


def render_partial(template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
    """A Jinja2 partial (templates/jinja2/), rendered for an htmx response or for a Django template
    to place as it is: Jinja2 has escaped every value already."""
    if request is not None:
        # The CSRF field made once (`csrf_field`): the engine's lazy `csrf_input` makes a new
        # masked token each time a template touches it.
        context = {**context, "csrf_field": csrf_input(request)}
    html = engines["jinja2"].get_template(template_name).render(context, request)
    return mark_safe(html)  # noqa: S308 (autoescaped by Jinja2)
