import importlib
import json
import statistics
import time
import tracemalloc

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.bench import cases
from core.db import analyze_tables, tables_written_in_transaction


class _Rollback(Exception):
    pass


def _load_cases():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bench":
                raise


def _time(func, ctx, repeat):
    samples = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(ctx)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


class Command(BaseCommand):
    help = "运行性能基准：构造合成数据，比较系统实现与最小工作量（floor）的耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="数据规模系数，1 为各用例的标称规模")
        parser.add_argument("--only", action="append", default=[], help="只运行指定用例（可多次）")
        parser.add_argument("--repeat", type=int, default=5, help="每个用例重复次数，取中位数")
        parser.add_argument("--json", dest="json_path", help="把结果写入 JSON 文件")

    def handle(self, *args, scale, only, repeat, json_path, **options):
        if scale <= 0:
            raise CommandError("--scale 必须大于 0")
        if repeat < 1:
            raise CommandError("--repeat 必须至少为 1")
        _load_cases()
        registered = cases()
        unknown = [name for name in only if name not in registered]
        if unknown:
            raise CommandError(f"未知的用例：{', '.join(unknown)}；可用：{', '.join(sorted(registered))}")
        selected = [registered[n] for n in (only or sorted(registered))]
        results = []
        header = f"{'case':<32} {'rows':>9} {'seconds':>10} {'queries':>8} {'floor_s':>10} {'ratio':>7} {'peak_mb':>8}"
        self.stdout.write(header)
        for case in selected:
            results.append(self._run_case(case, scale, repeat))
            r = results[-1]
            self.stdout.write(
                f"{r['name']:<32} {r['scale']:>9} {r['seconds']:>10.4f} {r['queries']:>8} "
                f"{r['floor_seconds']:>10.4f} {r['ratio']:>7.2f} {r['peak_mb']:>8.1f}"
            )
            if connection.vendor == "postgresql":
                self.stdout.write(f"  计时前已对 {len(r['analyzed'])} 张表执行 ANALYZE（用例写入的表）")
        if json_path:
            with open(json_path, "w", encoding="utf-8") as fh:
                json.dump(results, fh, ensure_ascii=False, indent=2)

    def _run_case(self, case, scale, repeat):
        rows = case.rows(scale)
        outcome = {}
        try:
            # Each case's synthetic data lives in a transaction that is rolled back.
            with transaction.atomic():
                ctx = case.setup(rows)
                # Production's planner has statistics (autovacuum, or the ANALYZE an import runs):
                # give the rolled-back data the same before timing, or PostgreSQL plans blind.
                analyzed = analyze_tables(tables_written_in_transaction())
                run_s, run_result = _time(case.run, ctx, repeat)
                floor_s, floor_result = _time(case.floor, ctx, repeat)
                if case.check:
                    case.check(ctx, run_result, floor_result)
                counted = _QueryCounter()  # not connection.queries: it keeps only the last 9,000
                with connection.execute_wrapper(counted):
                    case.run(ctx)
                tracemalloc.start()
                case.run(ctx)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                outcome = {
                    "name": case.name,
                    "scale": rows,
                    "seconds": run_s,
                    "floor_seconds": floor_s,
                    "ratio": run_s / floor_s if floor_s else float("inf"),
                    "queries": counted.count,
                    "peak_mb": peak / 1024 / 1024,
                    "analyzed": analyzed,
                }
                raise _Rollback
        except _Rollback:
            pass
        return outcome


class _QueryCounter:
    """Counts the statements a run sends (an execute wrapper: no cap, nothing kept)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
