"""The PySide6 window. Calls the core through `Project` and its managers; never writes SQL or file formats.

Nothing here chooses a Qt platform: the window needs the real one, tests set QT_QPA_PLATFORM=offscreen
(tests/conftest.py) and `render` switches to offscreen itself when it has to create the application.
"""
