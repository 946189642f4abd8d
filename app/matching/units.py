"""Unit conversion for comparing figures, borrowed from extraction when it is there.

Extraction owns the unit tables (``app.extraction.units``); until that module exists
a small local table keeps matching working. Both expose ``to_base`` and ``compatible``.
"""

from __future__ import annotations

from collections.abc import Callable

# unit -> (factor to base, base unit). Only units whose conversion is unambiguous.
_FALLBACK: dict[str, tuple[float, str]] = {
    "second": (1 / 60, "minute"),
    "minute": (1.0, "minute"),
    "hour": (60.0, "minute"),
    "day": (1440.0, "minute"),
    "week": (10080.0, "minute"),
    "mm": (0.001, "metre"),
    "cm": (0.01, "metre"),
    "m": (1.0, "metre"),
    "meter": (1.0, "metre"),
    "metre": (1.0, "metre"),
    "km": (1000.0, "metre"),
    "kilometer": (1000.0, "metre"),
    "kilometre": (1000.0, "metre"),
    "foot": (0.3048, "metre"),
    "feet": (0.3048, "metre"),
    "mile": (1609.344, "metre"),
    "yard": (0.9144, "metre"),
    "g": (0.001, "kg"),
    "gram": (0.001, "kg"),
    "kg": (1.0, "kg"),
    "kilogram": (1.0, "kg"),
    "ton": (1000.0, "kg"),
    "tonne": (1000.0, "kg"),
    "pound": (0.45359237, "kg"),
}


def _fallback_to_base(value: float, unit: str | None) -> tuple[float, str | None]:
    if unit is None:
        return value, None
    factor, base = _FALLBACK.get(unit, (1.0, unit))
    return value * factor, base


def _fallback_compatible(a: str | None, b: str | None) -> bool:
    return _fallback_to_base(1.0, a)[1] == _fallback_to_base(1.0, b)[1]


_to_base: Callable[[float, str], tuple[float, str]] | None
_compatible: Callable[[str, str], bool] | None
try:  # extraction's tables win: one source of truth for units once it lands
    from app.extraction.units import compatible as _ext_compatible
    from app.extraction.units import to_base as _ext_to_base

    _to_base, _compatible = _ext_to_base, _ext_compatible
except ImportError:  # pragma: no cover - depends on the extraction package's progress
    _to_base, _compatible = None, None


def to_base(value: float, unit: str | None) -> tuple[float, str | None]:
    """``value`` in the base unit of ``unit`` (minutes for durations, metres, kg...)."""
    if unit is not None and _to_base is not None:
        try:
            base_value, base = _to_base(value, unit)
            return float(base_value), base
        except (KeyError, ValueError):
            pass
    return _fallback_to_base(value, unit)


def base_unit(unit: str | None) -> str | None:
    """The base unit ``unit`` converts to (itself when unknown)."""
    return to_base(1.0, unit)[1]


def compatible(a: str | None, b: str | None) -> bool:
    """Whether figures in ``a`` and ``b`` can be compared after conversion."""
    if a is None or b is None:
        return a is b
    if a == b:
        return True
    if _compatible is not None:
        try:
            return bool(_compatible(a, b))
        except (KeyError, ValueError):
            pass
    return _fallback_compatible(a, b)
