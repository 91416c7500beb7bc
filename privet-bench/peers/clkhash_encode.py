"""CLK encoding throughput of clkhash (data61/clkhash, pure Python), one process, on the records of EncodeBench.

Usage: PYENV_VERSION=system python3 clkhash_encode.py CLKHASH_SRC_DIR records.csv [repeats]
The schema mirrors EncodeData.schemaJson("blake2b", "none"): first_name and last_name bigrams (padded), sex, dob
and zip exact, 20 bits per token, blakeHash, l = 1024. Prints the first run (cold: clkhash memoises token and
n-gram-tuple hashes with functools.lru_cache, so later runs over the same records are served from its cache) and the
best of `repeats` runs, in CLKs/s.
"""
import io
import sys
import time

sys.path.insert(0, sys.argv[1])
from clkhash import clk  # noqa: E402
from clkhash.schema import from_json_dict  # noqa: E402


def feature(name, comparison):
    return {"identifier": name, "format": {"type": "string", "encoding": "utf-8"},
            "hashing": {"comparison": comparison, "strategy": {"bitsPerToken": 20}, "hash": {"type": "blakeHash"}}}


SCHEMA = {
    "version": 3,
    "clkConfig": {"l": 1024, "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64}},
    "features": [
        {"identifier": "id", "ignored": True},
        {"identifier": "entity_id", "ignored": True},
        feature("first_name", {"type": "ngram", "n": 2}),
        feature("last_name", {"type": "ngram", "n": 2}),
        feature("sex", {"type": "exact"}),
        feature("dob", {"type": "exact"}),
        feature("zip", {"type": "exact"}),
    ],
}


def main():
    data = open(sys.argv[2], encoding="utf-8").read()
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    schema = from_json_dict(SCHEMA)
    n = data.count("\n") - 1
    best = 0.0
    first = None
    for _ in range(repeats):
        t = time.perf_counter()
        clks = clk.generate_clk_from_csv(io.StringIO(data), "secret", schema, validate=False,
                                         progress_bar=False, max_workers=1)
        dt = time.perf_counter() - t
        assert len(clks) == n
        best = max(best, n / dt)
        if first is None:
            first = n / dt
    print("clkhash %d records: first (cold cache) run %.0f CLKs/s; best of %d (warm cache) %.0f CLKs/s; one process"
          % (n, first, repeats, best))


if __name__ == "__main__":
    main()
