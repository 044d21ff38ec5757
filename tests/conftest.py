import os

# Tests never need a display: Qt draws offscreen (set before any Qt import).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
