"""The mechanics of importing files from other crèche software: reading a table, checking its rows with
lookups loaded once, and writing them in bulk. The entry point is care.services.attendance_import."""
