"""pacsite: commercial action plans (PAC) in YAML, published as a Material for MkDocs site.

The core (model, load, analysis, render) does not import MkDocs; `pacsite.plugin` wires it in.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
