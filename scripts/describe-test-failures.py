#!/usr/bin/python3
"""Prints, for every failed test in the TRX files given, its name, the first lines of its error message and the
last lines of its output, so that the end of a log says not only which test failed but why."""
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 8
OUTPUT_LINES = 4
LINE_LENGTH = 400


def shorten(text, count, from_end=False):
    lines = [line.rstrip()[:LINE_LENGTH] for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-count:] if from_end else lines[:count]


for path in sys.argv[1:]:
    try:
        results = ElementTree.parse(path).getroot().iterfind(".//t:UnitTestResult", NAMESPACE)
    except ElementTree.ParseError as error:
        print(f"  ({path} could not be read: {error})")
        continue
    for result in results:
        if result.get("outcome") != "Failed":
            continue
        print(f"failed: {result.get('testName')}")
        for line in shorten(result.findtext("t:Output/t:ErrorInfo/t:Message", "", NAMESPACE), MESSAGE_LINES):
            print(f"    {line}")
        output = shorten(result.findtext("t:Output/t:StdOut", "", NAMESPACE), OUTPUT_LINES, from_end=True)
        if output:
            print("    output, last lines:")
            for line in output:
                print(f"      {line}")
