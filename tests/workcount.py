"""Work counted instead of timed: a test that says "this is cheap" counts the lines of one
module that a call runs, which a busy machine cannot change, instead of measuring seconds."""
from __future__ import annotations

import sys


class OverBudget(AssertionError):
    pass


def lines_run(module, function, *args, budget: int, **kwargs):
    """(``function(*args, **kwargs)``, the number of lines of ``module``'s file it ran). Fails as
    soon as the count passes ``budget``, so work that grows without bound (an alias expanded
    again and again) fails the test at once instead of hanging it."""
    filename = module.__file__
    count = 0

    def in_module(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise OverBudget(f"{function.__name__} ran more than {budget:,} lines of {module.__name__}")
        return in_module

    def on_call(frame, event, arg):
        return in_module if frame.f_code.co_filename == filename else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        result = function(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return result, count
