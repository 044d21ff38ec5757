"""The PySide6 window. Calls the core; never writes SQL or file formats itself."""
