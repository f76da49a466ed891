"""The architecture (docs/architecture.md) checked from the code's own imports.

Every module under arrears/ (not tests, not migrations) is parsed with `ast`, and:

(a) an import of `arrears.<app>` goes to an app on the same level or below;
(b) no two apps import each other, directly or round a longer loop;
(c) the pure libraries, `arrears/compliance/engine/` and `arrears/nacha/`, import no Django and nothing from
    arrears but themselves and the pure core modules (which import no Django either);
(d) imports of arrears' own modules sit at module level, never inside a function, where this test sees them;
(e) `arrears/core` imports no app and no other arrears package.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "arrears"

# The table of docs/architecture.md ("Layers: one direction"). `nacha` is a pure library under arrears/ that
# any app may use; core may not (e).
LEVELS = {
    "core": 0, "nacha": 0,
    "audit": 1, "documents": 1,
    "clients": 2, "users": 2, "debtors": 2, "ledger": 2,
    "accounts": 3,
    "placements": 4, "contacts": 4,
    "compliance": 5,
    "arrangements": 6,
    "payments": 7,
    "remittance": 8,
    "desk": 9, "api": 9, "demo": 9,
}
# The project's own modules (settings, URLs, the WSGI entry point, the console script) may import any app;
# no app imports them.
PROJECT = {"__init__", "settings", "urls", "wsgi", "cli"}

PURE_PACKAGES = ("arrears.compliance.engine", "arrears.nacha")
PURE_CORE = {"arrears.core.calendar", "arrears.core.money", "arrears.core.errors"}
DJANGO = ("django", "ninja", "django_htmx", "django_tasks", "django_tasks_db", "axes")

# Violations that cannot be fixed yet, as (importing module, imported module), each with why.
ALLOWED: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module (or package.name for `from package import name`), dotted
    line: int
    local: bool  # inside a function


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def arrears_modules() -> dict[str, tuple[Path, str]]:
    """{dotted name: (path, source)} for every module of arrears but its tests and migrations."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_") or path.name == "conftest.py":
            continue
        found[module_name(path)] = (path, path.read_text())
    return found


def imports_in(module: str, source: str, *, is_package: bool = False) -> list[Import]:
    """Every import of the module, with relative ones resolved, and whether it sits inside a function."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    found = []

    def visit(node, in_function: bool):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend(Import(module, alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    origin = ".".join(base + ([child.module] if child.module else []))
                else:
                    origin = child.module
                for alias in child.names:
                    # `from arrears import nacha` imports the module arrears.nacha; `from x.y import f`, x.y.
                    target = f"{origin}.{alias.name}" if is_module(f"{origin}.{alias.name}") else origin
                    found.append(Import(module, target, child.lineno, in_function))
            visit(child, inside)

    visit(tree, False)
    return found


def is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return dotted.startswith("arrears.") and (path.with_suffix(".py").is_file() or path.is_dir())


def app_of(dotted: str) -> str | None:
    """The app (or project module) a dotted arrears name belongs to; None outside arrears."""
    parts = dotted.split(".")
    if parts[0] != "arrears":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def in_package(dotted: str, package: str) -> bool:
    return dotted == package or dotted.startswith(package + ".")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The loops among apps (strongly connected components of more than one app)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def strong(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            strong(node)
    return result


def violations(modules: dict[str, tuple[Path, str]]) -> list[str]:
    problems = []
    edges: dict[str, set[str]] = {}
    for module, (path, source) in modules.items():
        source_app = app_of(module)
        where = f"{path.relative_to(ROOT) if path.is_absolute() else path}"
        for imp in imports_in(module, source, is_package=path.name == "__init__.py"):
            target_app = app_of(imp.target)
            is_django = imp.target.split(".")[0] in DJANGO
            pure = next((p for p in PURE_PACKAGES if in_package(module, p)), None)
            if module in PURE_CORE:
                pure = "arrears.core"
            if (imp.module, imp.target) in ALLOWED:
                continue
            said = f"{where}:{imp.line} imports {imp.target}"
            # (c) the pure libraries
            if pure is not None:
                if is_django:
                    problems.append(f"{said}: {pure} is pure Python and imports no Django")
                elif target_app is not None and not (in_package(imp.target, pure) or imp.target in PURE_CORE):
                    problems.append(f"{said}: {pure} imports only itself and {', '.join(sorted(PURE_CORE))}")
            if target_app is None:
                continue
            # (d) arrears imports at module level
            if imp.local:
                problems.append(f"{said} inside a function: imports of arrears modules go at the top")
            if target_app == source_app:
                continue
            if target_app in PROJECT:
                if source_app not in PROJECT:
                    problems.append(f"{said}: no app imports the project's {target_app} module")
                continue
            if source_app in PROJECT:
                continue
            # (e) core imports no app
            if source_app == "core":
                problems.append(f"{said}: core imports no app")
                continue
            if source_app not in LEVELS or target_app not in LEVELS:
                unknown = source_app if source_app not in LEVELS else target_app
                problems.append(f"{said}: {unknown} is not on the table of levels in docs/architecture.md")
                continue
            # (a) same level or below
            if LEVELS[target_app] > LEVELS[source_app]:
                problems.append(f"{said}: {source_app} (level {LEVELS[source_app]}) imports upwards, "
                                f"{target_app} is on level {LEVELS[target_app]}")
            edges.setdefault(source_app, set()).add(target_app)
    # (b) no cycles between apps
    for loop in cycles(edges):
        problems.append(f"the apps {', '.join(loop)} import each other (a cycle)")
    return problems


def test_arrears_keeps_to_its_architecture():
    modules = arrears_modules()
    assert "arrears.compliance.engine.decide" in modules and "arrears.nacha.writer" in modules
    problems = violations(modules)
    assert not problems, "\n".join(problems)


def test_the_allowed_exceptions_are_all_still_needed():
    imported = {(imp.module, imp.target) for module, (path, source) in arrears_modules().items()
                for imp in imports_in(module, source, is_package=path.name == "__init__.py")}
    assert ALLOWED <= imported, f"no longer imported, take out of ALLOWED: {sorted(ALLOWED - imported)}"


def check(**sources: str) -> list[str]:
    """The violations in a made-up set of modules ({dotted name with __ for dots: source})."""
    return violations({name.replace("__", "."): (Path(name.replace("__", "/") + ".py"), text)
                       for name, text in sources.items()})


def test_the_checker_sees_each_kind_of_violation():
    assert check(arrears__ledger__actions="from arrears.accounts.models import Account\n") == [
        "arrears/ledger/actions.py:1 imports arrears.accounts.models: ledger (level 2) imports upwards, "
        "accounts is on level 3"]
    assert check(arrears__clients__a="from arrears.users import models\n",
                 arrears__users__b="import arrears.clients.models\n") == [
        "the apps clients, users import each other (a cycle)"]
    assert check(arrears__nacha__writer="from django.conf import settings\nfrom arrears.ledger import sql\n") == [
        "arrears/nacha/writer.py:1 imports django.conf: arrears.nacha is pure Python and imports no Django",
        "arrears/nacha/writer.py:2 imports arrears.ledger.sql: arrears.nacha imports only itself and "
        "arrears.core.calendar, arrears.core.errors, arrears.core.money",
        "arrears/nacha/writer.py:2 imports arrears.ledger.sql: nacha (level 0) imports upwards, ledger is on level 2"]
    assert check(arrears__compliance__engine__rules__x="from ...facts_db import Snapshot\n") == [
        "arrears/compliance/engine/rules/x.py:1 imports arrears.compliance.facts_db: arrears.compliance.engine "
        "imports only itself and arrears.core.calendar, arrears.core.errors, arrears.core.money"]
    assert check(arrears__payments__tasks="def job():\n    from .actions import post\n") == [
        "arrears/payments/tasks.py:2 imports arrears.payments.actions inside a function: imports of arrears "
        "modules go at the top"]
    assert check(arrears__core__scheduler="from arrears.payments import tasks\n") == [
        "arrears/core/scheduler.py:1 imports arrears.payments.tasks: core imports no app"]
    assert check(arrears__desk__views="from arrears.payments import tasks\nfrom arrears.remittance import models\n"
                                      "from arrears import nacha\nfrom arrears.core.money import cents\n") == []
