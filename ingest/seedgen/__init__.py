"""Generators of seeds/ files from maintained sources (`make seeds`). Dev-only dependencies."""
