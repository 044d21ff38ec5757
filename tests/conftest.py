import os

# Tests never need a display: Qt draws offscreen (set before any Qt import).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:  # (tqdm comes with datasets, a test extra)
    import tqdm

    # datasets' progress bars (tests/core/formats/test_hf.py) would start tqdm's monitor thread, which lives on:
    # a process with a second thread never forks workers (core/formats/workers.py `can_fork`), so every test
    # after it would only try the one-process path of imports, exports and agreement.
    tqdm.tqdm.monitor_interval = 0
except ImportError:
    pass
