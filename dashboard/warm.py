"""Imported by the fork server of ``dashboard.bounded`` (and only there): the extractor loaded once, for every child."""
try:
    from extract.pipeline import default_extractor

    default_extractor()
except Exception:  # a broken catalog: each child says what is wrong when it runs
    pass
