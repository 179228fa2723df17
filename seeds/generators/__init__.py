"""Generators of seeds/ files from maintained sources (`make seeds`); dev-only dependencies.

dbt does not load this folder (dbt_project.yml disables it as seeds)."""
