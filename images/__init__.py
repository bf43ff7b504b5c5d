"""
Images: one pipeline for article lead images, organization logos and
portraits. The form and model fields and the files' lifecycle
(`images.fields`), the pixel work (`images.pipeline`), what pages show
(`images.pictures`) and housekeeping of stored files
(`images.housekeeping`). Imports no domain app.
"""
