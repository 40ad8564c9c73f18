"""``terms clean``: the whole clean-up of a translated article into a language's house style.

A pipeline of named steps (:data:`STEP_NAMES`), each switchable, each recording its changes
in the change records of ``normalize`` with its name in ``step``.

>>> from terms.model import Termbase
>>> print(Cleaner(Termbase(()), "de").clean_text('Er sagte: "ja".').text)
Er sagte: „ja“.
"""

from __future__ import annotations

from terms.clean.base import STEP_NAMES, CleanSettings, Finding
from terms.clean.pipeline import Cleaner

__all__ = ["STEP_NAMES", "CleanSettings", "Cleaner", "Finding"]
