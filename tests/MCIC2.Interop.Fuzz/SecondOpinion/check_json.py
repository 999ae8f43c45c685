"""Second opinion on JSON messages the hub accepted: Python's jsonschema (not our code) against the official schemas.

usage: check_json.py SCHEMA_DIR FILE...   (or `-` then one file name per line on stdin)
Prints one line per file it refuses, `FILE<TAB>PATH<TAB>MESSAGE`, and nothing for the files it accepts; exit 0.
The envelope schema EDXL-DE-full.schema.json refers to each use case's schema by file name: they resolve in SCHEMA_DIR.
"""
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

directory = pathlib.Path(sys.argv[1])
schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in directory.glob("*.schema.json")}


def retrieve(uri):
    return Resource.from_contents(schemas[uri.rsplit("/", 1)[-1]], default_specification=DRAFT7)


registry = Registry(retrieve=retrieve)


def validator(schema):
    return jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


envelope = validator(schemas["EDXL-DE-full.schema.json"])
# A bare payload such as {"createCase": {...}}: its one root key is the title of its use case's schema.
by_root = {s["title"]: validator(s) for s in schemas.values() if isinstance(s.get("title"), str)}


def problems(document):
    """The errors of a message: an EDXL-DE envelope, or a bare payload whose root key names its schema."""
    if isinstance(document, dict) and len(document) == 1 and next(iter(document)) in by_root:
        root = next(iter(document))
        return [(["" + root] + list(e.absolute_path), e) for e in by_root[root].iter_errors(document[root])]
    return [(list(e.absolute_path), e) for e in envelope.iter_errors(document)]

files = sys.argv[2:] if sys.argv[2:] != ["-"] else [line.strip() for line in sys.stdin if line.strip()]
for name in files:
    try:
        document = json.loads(pathlib.Path(name).read_bytes())
    except ValueError as error:
        print(f"{name}\t$\tnot JSON: {error}")
        continue
    found = problems(document)
    if found:
        best = jsonschema.exceptions.best_match(e for _, e in found)
        where = next(p for p, e in found if e is best)
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where)
        message = best.message[:300].replace("\t", " ").replace("\n", " ")
        print(f"{name}\t{path}\t{message}")
