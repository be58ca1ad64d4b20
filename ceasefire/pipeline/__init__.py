"""Pipeline stages: one stage a module (see stage.py for the contract)."""
