"""Public views. Every view reads through ``published()`` querysets."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .letter import directive_for_display, directive_plain_text, legal_basis_paragraphs
from .models import Directive


def _current_directive():
    return directive_for_display(Directive.objects.published()).first()


def home(request):
    directive = _current_directive()
    return render(request, "campaign/home.html", {"directive": directive})


def directive_detail(request, slug):
    directive = get_object_or_404(directive_for_display(Directive.objects.published()), slug=slug)
    return render(
        request,
        "campaign/directive_detail.html",
        {"directive": directive, "legal_paragraphs": legal_basis_paragraphs(directive)},
    )


def directive_text(request, slug):
    directive = get_object_or_404(directive_for_display(Directive.objects.published()), slug=slug)
    response = HttpResponse(directive_plain_text(directive), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{directive.slug}.txt"'
    return response
