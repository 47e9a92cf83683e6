"""What the conformance scripts share: each call is one named check, reported as it runs and summed up at the end."""
import json
import sys
import traceback

results = []


def check(name, fn):
    """Runs one check; a check fails when it raises. Returns the call's value, or None when it failed."""
    try:
        value = fn()
        results.append({"check": name, "ok": True})
        print("ok   " + name, flush=True)
        return value
    except Exception:  # noqa: BLE001 - every failure is reported
        results.append({"check": name, "ok": False, "error": traceback.format_exc()})
        print("FAIL " + name + "\n" + traceback.format_exc(), flush=True)
        return None


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def finish():
    """Prints the summary line ("SUMMARY {...}") and exits 1 when any check failed."""
    failed = [r for r in results if not r["ok"]]
    print("SUMMARY " + json.dumps({"checks": len(results), "failed": [r["check"] for r in failed]}), flush=True)
    sys.exit(1 if failed else 0)
