"""The one error type of ingest: its message is shown to the user as it is."""


class IngestError(ValueError):
    """Input that cannot become an article; nothing is stored for it."""
