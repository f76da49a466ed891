"""Periodic jobs of arrangements (run by the worker's scheduler, `arrears.core.scheduler`)."""

from datetime import date

from .actions import evaluate_arrangements


def evaluate_all(on: date) -> dict:
    return evaluate_arrangements(on)
