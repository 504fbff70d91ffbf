"""Writes a copy of Okta's spec with the departures of departures.yaml applied.

Usage: apply_departures.py SPEC DEPARTURES OUT
"""

import sys

import yaml


def main(spec_path: str, departures_path: str, out_path: str) -> None:
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    with open(departures_path, encoding="utf-8") as f:
        departures = yaml.safe_load(f)
    schemas = spec["components"]["schemas"]
    for entry in departures.get("nullable", []):
        node = schemas
        for part in entry["schema"].split("/"):
            node = node[part]
        node["nullable"] = True
        if "enum" in node and None not in node["enum"]:
            node["enum"].append(None)
    for entry in departures.get("one_of_as_any_of", []):
        node = schemas[entry["schema"]]
        node["anyOf"] = node.pop("oneOf")
    by_id = {}
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                by_id[op["operationId"]] = op
    for entry in departures.get("statuses", []):
        for op_id in entry["operations"]:
            responses = by_id[op_id]["responses"]
            responses.setdefault(
                str(entry["status"]),
                {
                    "description": entry["evidence"],
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    },
                },
            )
    with open(out_path, "w", encoding="utf-8") as f:
        yaml.safe_dump(spec, f, sort_keys=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
