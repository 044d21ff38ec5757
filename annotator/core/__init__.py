"""The Qt-free core: model, project file, intake, formats. Never imports PySide6 or annotator.gui."""
