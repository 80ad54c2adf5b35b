"""The analysers: each reads the shared parse of an article and adds its tables (layer 4)."""
