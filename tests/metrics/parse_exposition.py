#!/usr/bin/python3
"""Reads a Prometheus text exposition on stdin and prints it as JSON, parsed by the
prometheus_client parser (Debian: python3-prometheus-client), an implementation independent of
the one that wrote it. A parse error exits non-zero with the parser's message on stderr.

Output: {"families": {name: type}, "samples": [{"name", "labels", "value"}]}
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = sys.stdin.read()
    families = {}
    samples = []
    for family in text_string_to_metric_families(text):
        families[family.name] = family.type
        for s in family.samples:
            samples.append({"name": s.name, "labels": dict(s.labels), "value": s.value})
    json.dump({"families": families, "samples": samples}, sys.stdout)


if __name__ == "__main__":
    main()
