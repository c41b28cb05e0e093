"""Signal handlers of the employment app (kept thin: they queue work, services do it)."""
