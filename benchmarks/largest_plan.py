"""The largest plan the checker allows, shaped like the largest synthetic plan.

    python benchmarks/largest_plan.py --out DIR

writes DIR/plans/<id>.yaml: the largest plan benchmarks/synthetic.py makes (with its years of
progress updates), its actions repeated (with new ids) until one more would pass
macros.plans.limits.MAX_PLAN_BYTES. Measure what it costs, e.g.:

    /usr/bin/time -v python -m macros check DIR/plans
    PLANS_DIR=DIR/plans /usr/bin/time -v mkdocs build --strict -d DIR/site
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import synthetic  # noqa: E402
from macros.plans.limits import MAX_PLAN_BYTES  # noqa: E402


def largest(out: Path, orgs: int = 211) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        synthetic.generate(orgs, Path(tmp))
        source = max(Path(tmp).glob("*.yaml"), key=lambda p: p.stat().st_size)
        text = source.read_text(encoding="utf-8")
    head, body = text.split("\nactions:\n", 1)
    blocks = [b for b in re.split(r"(?m)^(?=  - id: )", body) if b.strip()]
    plan, n = head + "\nactions:\n", 0
    while True:
        block = blocks[n % len(blocks)]
        block = re.sub(r"(?m)^  - id: .*$", f'  - id: "big-{n + 1}"', block, count=1)
        if len((plan + block).encode("utf-8")) > MAX_PLAN_BYTES:
            break
        plan += block
        n += 1
    target = out / "plans" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(plan, encoding="utf-8")
    print(f"{target}: {len(plan.encode('utf-8')):,} bytes, {n} actions (limit {MAX_PLAN_BYTES:,})")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    largest(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
