"""Queries you can click through: boolean and proximity queries, matrices by attribute, saved sets.

* :mod:`.language` - the query language (``toegang AND wachttijden WHERE municipality = Oosterzande``)
  and its parse errors;
* :mod:`.engine` - :class:`QueryIndex` (read a project once) and :func:`run_query`;
* :mod:`.matrix` - codes × any attribute, every cell with its passages, XLSX/CSV export;
* :mod:`.cooccurrence` - codes meeting in passages, with the passages per pair;
* :mod:`.sets` - saved sets: save a result, code a set at once.
"""

from .cooccurrence import Cooccurrence, cooccurrence
from .engine import QueryIndex, QueryResult, run_query
from .language import Query, QueryError, parse
from .matrix import MISSING, MatrixResult, export_matrix, matrix
from .sets import code_set, save_result

__all__ = [
    "MISSING",
    "Cooccurrence",
    "MatrixResult",
    "Query",
    "QueryError",
    "QueryIndex",
    "QueryResult",
    "code_set",
    "cooccurrence",
    "export_matrix",
    "matrix",
    "parse",
    "run_query",
    "save_result",
]
