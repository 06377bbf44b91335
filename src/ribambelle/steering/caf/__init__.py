"""CAF reporting: the activity data of the declarations and the FILOUE file (docs/caf-reporting.md)."""
