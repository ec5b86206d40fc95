"""Fallback pages of the foundation: a minimal home page (the pages app replaces it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "jixiao_web/home.html")
