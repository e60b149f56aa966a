"""Machine translation with MarianMT models, one module per job, imported in this order (no cycles):

sources (where a model is: hub id or folder, revision) -> plan (how it runs here, resolved once into a `Plan`;
the backend registry) -> base (the engine interface, tokenizer, batching, length rule) -> torch_engine,
ct2_engine (the backends) -> calibration (opening a plan's engine; choosing `fast`). cache is the SQLite
translation cache. An "engine" is a translation backend and nothing else.
"""
