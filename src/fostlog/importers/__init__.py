"""Outside documents (Ofsted's published files, later the minutes) -> proposed data files.

An importer is pure: the bytes of a document and the loaded Repository in, records and
problems out. It never reads or writes a file; the command line does that (preview by
default, an atomic write with --write).
"""
