"""Duiding: qualitative analysis for the Dutch social domain.

The ``analysis`` package is the product's core. It has no Streamlit import and
is usable from notebooks, the ``duiding`` CLI and the UI alike.
"""

__version__ = "0.1.0"
