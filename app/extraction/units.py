"""Unit conversion: compare figures written in different units.

``to_base`` maps a value to the base unit of its dimension (durations to minutes, lengths
to metres, masses to kilograms, areas to square metres, volumes to litres). Currencies
never convert (exchange rates change; a dashboard must not guess them). Scales such as
"million" belong to the value, never to the unit. Unknown units are their own base.
"""

from __future__ import annotations

from typing import Final

_MINUTE: Final = "minute"
_DAY_MINUTES: Final = 1440.0

# unit -> (factor to base, base unit)
_TABLE: Final[dict[str, tuple[float, str]]] = {
    # durations -> minutes (a month is an average Gregorian month, a year 365.25 days)
    "second": (1 / 60, _MINUTE),
    "minute": (1.0, _MINUTE),
    "hour": (60.0, _MINUTE),
    "day": (_DAY_MINUTES, _MINUTE),
    "night": (_DAY_MINUTES, _MINUTE),
    "week": (7 * _DAY_MINUTES, _MINUTE),
    "fortnight": (14 * _DAY_MINUTES, _MINUTE),
    "month": (30.436875 * _DAY_MINUTES, _MINUTE),
    "year": (365.25 * _DAY_MINUTES, _MINUTE),
    "decade": (3652.5 * _DAY_MINUTES, _MINUTE),
    "century": (36525 * _DAY_MINUTES, _MINUTE),
    # lengths -> metres
    "mm": (0.001, "metre"),
    "cm": (0.01, "metre"),
    "metre": (1.0, "metre"),
    "m": (1.0, "metre"),
    "meter": (1.0, "metre"),
    "km": (1000.0, "metre"),
    "inch": (0.0254, "metre"),
    "foot": (0.3048, "metre"),
    "yard": (0.9144, "metre"),
    "mile": (1609.344, "metre"),
    # masses -> kilograms
    "g": (0.001, "kg"),
    "kg": (1.0, "kg"),
    "tonne": (1000.0, "kg"),
    "ton": (907.18474, "kg"),  # US short ton, the usual sense in US copy
    "pound": (0.45359237, "kg"),
    "ounce": (0.028349523125, "kg"),
    # areas -> square metres
    "metre2": (1.0, "metre2"),
    "foot2": (0.09290304, "metre2"),
    "hectare": (10_000.0, "metre2"),
    "acre": (4046.8564224, "metre2"),
    "km2": (1e6, "metre2"),
    "mile2": (2_589_988.110336, "metre2"),
    "square metre": (1.0, "metre2"),
    "square km": (1e6, "metre2"),
    "square kilometre": (1e6, "metre2"),
    "square mile": (2_589_988.110336, "metre2"),
    # volumes -> litres
    "litre": (1.0, "litre"),
    "gallon": (3.785411784, "litre"),
    "barrel": (158.987294928, "litre"),
    # speeds -> km/h
    "kmh": (1.0, "kmh"),
    "km/h": (1.0, "kmh"),
    "kph": (1.0, "kmh"),
    "mph": (1.609344, "kmh"),
    "knot": (1.852, "kmh"),
    # energy and power
    "kw": (1.0, "kw"),
    "mw": (1000.0, "kw"),
    "gw": (1e6, "kw"),
    "kwh": (1.0, "kwh"),
    "mwh": (1000.0, "kwh"),
    "gwh": (1e6, "kwh"),
    # ratios: a percent and a percentage point are not the same quantity
    "percent": (1.0, "percent"),
    # a change of a rate: 25 basis points are a quarter of a percentage point
    "percentage point": (1.0, "percentage point"),
    "basis point": (0.01, "percentage point"),
}
# Temperatures are affine, not proportional: handled apart.
_TEMPERATURES: Final = frozenset({"celsius", "fahrenheit"})


def _normal(unit: str) -> str:
    return unit.strip().lower()


def to_base(value: float, unit: str) -> tuple[float, str]:
    """``value`` expressed in the base unit of ``unit``, and that base unit.

    >>> to_base(2.5, "hour")
    (150.0, 'minute')
    """
    name = _normal(unit)
    if name == "fahrenheit":
        return (value - 32.0) * 5.0 / 9.0, "celsius"
    if name in _TEMPERATURES:
        return float(value), name
    factor, base = _TABLE.get(name, (1.0, name))
    return value * factor, base


def base_unit(unit: str) -> str:
    """The base unit that ``unit`` converts to (``unit`` itself when unknown)."""
    return to_base(1.0, unit)[1]


def compatible(unit_a: str, unit_b: str) -> bool:
    """Whether figures in the two units measure the same dimension.

    Different currencies are never compatible; counted nouns only with themselves.
    """
    return base_unit(unit_a) == base_unit(unit_b)
