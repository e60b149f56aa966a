"""The shipped configs, installed as the data package `pipeline.configs` (see pyproject.toml), so that
`pipeline run` finds its default config, glossary and profile in a checkout and in an installed wheel alike."""
