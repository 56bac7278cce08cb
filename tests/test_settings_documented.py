"""Issue 17: every environment variable the settings modules read is in the README's settings table,
with the modules that read it, its meaning and its default; and they read them through the one
reader, django-environ's ``env``, so this test sees every one of them."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = {path.stem: path for path in sorted((ROOT / "config" / "settings").glob("*.py")) if path.stem != "__init__"}
#: Rows of the table that no settings module reads: Django reads it to find them.
READ_BEFORE_THE_SETTINGS = {"DJANGO_SETTINGS_MODULE"}
VARIABLE = re.compile(r"`([A-Z][A-Z0-9_]+)`")


def _calls_env(func: ast.expr) -> bool:
    """``env(...)`` or ``env.<cast>(...)``."""
    return (isinstance(func, ast.Name) and func.id == "env") or (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
    )


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(), filename=str(path)) for name, path in MODULES.items()}


def _helpers(trees) -> set[str]:
    """Functions of the settings that hand their first parameter to ``env`` (``comma_list``)."""
    helpers = set()
    for tree in trees.values():
        for function in tree.body:
            if not isinstance(function, ast.FunctionDef) or not function.args.args:
                continue
            parameter = function.args.args[0].arg
            for call in ast.walk(function):
                if (
                    isinstance(call, ast.Call)
                    and _calls_env(call.func)
                    and call.args
                    and isinstance(call.args[0], ast.Name)
                    and call.args[0].id == parameter
                ):
                    helpers.add(function.name)
    return helpers


def variables_read() -> dict[str, set[str]]:
    """Variable name → the settings modules that read it."""
    trees = _trees()
    helpers = _helpers(trees)
    read: dict[str, set[str]] = {}
    for module, tree in trees.items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = call.args[0]
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                continue
            if _calls_env(call.func) or (isinstance(call.func, ast.Name) and call.func.id in helpers):
                read.setdefault(name.value, set()).add(module)
    return read


def readme_table() -> dict[str, list[str]]:
    """Variable name → the cells of its row (read by, meaning, default) in the table under
    ``## Settings``."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        for variable in VARIABLE.findall(cells[0]):
            rows[variable] = cells[1:]
    return rows


def test_the_parser_sees_the_variables_of_each_module():
    read = variables_read()
    assert read["DJANGO_SECRET_KEY"] == {"base"}
    assert read["DJANGO_ALLOWED_HOSTS"] == {"base"}  # through comma_list
    assert read["DATABASE_URL"] == {"local", "production"}
    assert read["TEST_REDIS_URL"] == {"test"}


def test_every_variable_the_settings_read_is_in_the_readme_table():
    table = readme_table()
    missing = sorted(set(variables_read()) - set(table))
    assert not missing, f"README.md, table under '## Settings': add a row for {missing}"


def test_each_row_says_which_modules_read_it_what_it_means_and_its_default():
    read = variables_read()
    for variable, cells in readme_table().items():
        assert len(cells) == 3 and all(cells), f"{variable}: read by | meaning | default, none empty"
        if variable in READ_BEFORE_THE_SETTINGS:
            continue
        assert variable in read, f"README.md documents {variable}, which no settings module reads"
        assert set(cells[0].split(", ")) == read[variable], f"{variable} is read by {sorted(read[variable])}"


def test_the_settings_read_the_environment_only_through_env():
    """A direct ``os.environ`` read would escape the table check above."""
    for module, tree in _trees().items():
        allowed = {
            id(node)
            for cls in tree.body
            if isinstance(cls, ast.ClassDef) and cls.name == "_LiteralEnviron"
            for node in ast.walk(cls)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"} and id(node) not in allowed:
                raise AssertionError(f"config/settings/{module}.py:{node.lineno} reads os.{node.attr}: use env")
