"""REFI-QDA project exchange (.qdpx): export a project, import one from NVivo,
ATLAS.ti, MAXQDA, QualCoder or Duiding.

>>> from analysis.refi import export_qdpx, import_qdpx
>>> export_qdpx(project, "lindewaard.qdpx")            # doctest: +SKIP
>>> report = import_qdpx("uit-nvivo.qdpx", project)     # doctest: +SKIP
>>> report.warnings                                      # doctest: +SKIP

See :mod:`analysis.refi.positions` for how each tool counts character
positions, :mod:`analysis.refi.importer` and :mod:`analysis.refi.export` for
what is read and written.
"""

from __future__ import annotations

from .errors import QdpxError
from .export import ExportReport, export_qdpx
from .importer import ImportReport, detect_tool, import_qdpx
from .positions import SCHEMES, TOOL_SCHEMES, OffsetMap, PositionScheme, prepare_text, resolve_scheme
from .safezip import SafeZip, ZipLimits

__all__ = [
    "SCHEMES",
    "TOOL_SCHEMES",
    "ExportReport",
    "ImportReport",
    "OffsetMap",
    "PositionScheme",
    "QdpxError",
    "SafeZip",
    "ZipLimits",
    "detect_tool",
    "export_qdpx",
    "import_qdpx",
    "prepare_text",
    "resolve_scheme",
]
