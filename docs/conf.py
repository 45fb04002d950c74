"""Sphinx configuration of the API reference: ``sphinx-build -W -b html docs docs/_build``."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))
os.environ.setdefault("MPLBACKEND", "Agg")

import bargain

project = "bargain"
author = "The bargain developers"
copyright = "2026, The bargain developers"
version = release = bargain.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.intersphinx", "numpydoc"]
exclude_patterns = ["_build", "*.md", "images"]
# The design notes and the algorithms are Markdown pages of the repository (docs/*.md).

autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"
autoclass_content = "class"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
intersphinx_mapping: dict[str, tuple[str, None]] = {}
html_theme = "alabaster"
html_static_path: list[str] = []
html_show_sourcelink = False
html_last_updated_fmt = None
suppress_warnings = ["duplicate_declaration.py"]
