"""Monitor and respond: incident reports, incidents, verification, alerts and audit."""
