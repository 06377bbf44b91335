"""The care forms, one module per area like care/views (model validation gives the French messages)."""
