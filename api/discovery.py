"""Route handlers found in the code, not in a list kept by hand.

Every Litestar route handler (``@get``, ``@post``, ...) defined at the top level of a module in a
package is collected by walking the package, so a handler cannot be written and silently left
unserved. A handler imported into another module counts once, where it is defined.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any, Callable, Iterable

from litestar.handlers import BaseRouteHandler


def origin(handler: BaseRouteHandler) -> Callable[..., Any]:
    """The function a handler was written as (Litestar wraps it when an app registers a copy)."""
    fn: Any = handler.fn
    while hasattr(fn, "func"):
        fn = fn.func
    return fn


def key(handler: BaseRouteHandler) -> str:
    fn = origin(handler)
    return f"{fn.__module__}.{fn.__qualname__}"


def handlers_in(module: ModuleType) -> list[BaseRouteHandler]:
    """The route handlers defined in ``module`` itself, in source order."""
    found = [value for value in vars(module).values()
             if isinstance(value, BaseRouteHandler) and origin(value).__module__ == module.__name__]
    return sorted(found, key=lambda h: origin(h).__code__.co_firstlineno)


def modules_of(package: ModuleType, skip: Iterable[str] = ()) -> list[ModuleType]:
    """Every module of ``package``, subpackages included, in name order (``skip``: not imported)."""
    left_out = set(skip)
    names = sorted(info.name for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
                   if info.name not in left_out)
    return [importlib.import_module(name) for name in names]


def handlers_of(package: ModuleType, skip: Iterable[str] = ()) -> list[BaseRouteHandler]:
    """The route handlers defined in every module of ``package`` (``skip``: module names left out)."""
    return [h for m in modules_of(package, skip) for h in handlers_in(m)]
