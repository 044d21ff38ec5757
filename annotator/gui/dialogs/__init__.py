"""Dialogs of the window: annotator name, keys help, schema editor."""
