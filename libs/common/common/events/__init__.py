"""Event payloads shared by publishers and consumers, one module per context."""
