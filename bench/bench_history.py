"""How long the history takes with many attempts.

Fills a temporary database with 1,000 made-up attempts, then times listing them,
reading one, and opening the Review page on them (offscreen).

Run: python bench/bench_history.py [--count N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _timed(label: str, action, repeat: int = 3):
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<40} {best * 1000:8.1f} ms (best of {repeat})")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()

    from app.history import HistoryStore
    from app.history.samples import fill_store, sample_pack
    from app.paths import AppPaths

    pack = sample_pack()
    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths.under(Path(home))
        store = HistoryStore.open(paths)
        start = time.perf_counter()
        ids = fill_store(store, pack, args.count)
        elapsed = time.perf_counter() - start
        print(
            f"{'saving ' + str(args.count) + ' attempts':<40} {elapsed * 1000:8.1f} ms"
        )
        size = paths.database.stat().st_size
        print(f"{'database size':<40} {size / 1e6:8.2f} MB")

        _timed(f"listing {args.count} attempts", store.list_attempts)
        _timed(
            "listing one question's last 20",
            lambda: store.list_attempts(question_id=pack.questions[0].id, limit=20),
        )
        _timed("reading one attempt", lambda: store.get(ids[len(ids) // 2]))
        _timed("reopening the database", lambda: HistoryStore.open(paths).close())

        from PySide6.QtWidgets import QApplication

        from app.ui.review import ReviewPage

        class _Player:
            def play(self, path: Path, start_s: float) -> None:
                pass

            def stop(self) -> None:
                pass

            def position_s(self) -> float:
                return 0.0

        app = QApplication(sys.argv[:1])

        def open_page():
            page = ReviewPage(store, [pack], _Player())
            page.resize(1200, 760)
            page.show()
            app.processEvents()
            return page

        page = _timed("opening the Review page", open_page)
        others = ids[:: max(len(ids) // 20, 1)][:20]
        start = time.perf_counter()
        for attempt_id in others:
            page.select_attempt(attempt_id)
            app.processEvents()
        each = (time.perf_counter() - start) / len(others)
        print(f"{'selecting an attempt (mean of 20)':<40} {each * 1000:8.1f} ms")
        page.close()
        page.deleteLater()
        app.processEvents()
        del page
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
