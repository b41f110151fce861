"""Domain rules: one home per rule (see docs/architecture.md)."""
