from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stories.model import (
    NOT_APPLICABLE,
    TRIAD_CORNERS,
    QuestionsError,
    Stone,
    StonesQuestion,
    Story,
    StoryCollection,
    TriadPoint,
    barycentric_to_cartesian,
    cartesian_to_barycentric,
    flatten_answers,
    load_questions,
    parse_questions,
)

weights3 = st.tuples(*[st.floats(0, 1, allow_nan=False) for _ in range(3)]).filter(lambda w: sum(w) > 1e-6)


@given(weights3)
def test_barycentric_cartesian_round_trip(raw):
    point = TriadPoint.normalised(raw)
    x, y = barycentric_to_cartesian(point.weights)
    back = cartesian_to_barycentric(x, y)
    assert back == pytest.approx(point.weights, abs=1e-9)
    assert TriadPoint.from_xy(x, y).weights == pytest.approx(point.weights, abs=1e-9)


@given(st.floats(0, 1), st.floats(0, 1))
def test_cartesian_barycentric_round_trip_inside_triangle(u, v):
    # any point of the triangle, sampled by folding the unit square
    if u + v > 1:
        u, v = 1 - u, 1 - v
    (x1, y1), (x2, y2), (x3, y3) = TRIAD_CORNERS
    x = x2 + u * (x3 - x2) + v * (x1 - x2)
    y = y2 + u * (y3 - y2) + v * (y1 - y2)
    w = cartesian_to_barycentric(x, y)
    assert sum(w) == pytest.approx(1.0)
    assert min(w) >= -1e-9
    assert barycentric_to_cartesian(w) == pytest.approx((x, y), abs=1e-9)


@given(weights3, st.lists(st.floats(-50, 50), min_size=6, max_size=6))
def test_round_trip_in_any_triangle(raw, coords):
    corners = [(coords[0], coords[1]), (coords[2], coords[3]), (coords[4], coords[5])]
    area2 = (corners[1][0] - corners[0][0]) * (corners[2][1] - corners[0][1]) - (corners[2][0] - corners[0][0]) * (
        corners[1][1] - corners[0][1]
    )
    if abs(area2) < 1.0:  # degenerate triangles are rejected separately
        return
    w = TriadPoint.normalised(raw).weights
    x, y = barycentric_to_cartesian(w, corners)
    assert cartesian_to_barycentric(x, y, corners) == pytest.approx(w, abs=1e-6)


def test_corner_placement_is_documented_one():
    assert TriadPoint(1, 0, 0).xy == pytest.approx((0.5, math.sqrt(3) / 2))
    assert TriadPoint(0, 1, 0).xy == pytest.approx((0.0, 0.0))
    assert TriadPoint(0, 0, 1).xy == pytest.approx((1.0, 0.0))
    assert TriadPoint.normalised([1, 1, 1]).xy == pytest.approx((0.5, math.sqrt(3) / 6))


def test_triad_point_validation():
    with pytest.raises(ValueError, match="sum to 1"):
        TriadPoint(0.5, 0.2, 0.2)
    with pytest.raises(ValueError, match="negative"):
        TriadPoint(1.2, -0.2, 0.0)
    with pytest.raises(ValueError, match="outside"):
        TriadPoint.from_xy(0.0, 0.8)
    with pytest.raises(ValueError, match="do not span"):
        cartesian_to_barycentric(0.1, 0.1, [(0, 0), (1, 1), (2, 2)])


def test_questions_yaml_errors_name_the_file_and_problem(tmp_path):
    bad = tmp_path / "q.yaml"
    bad.write_text("questions:\n  - {id: rol, type: triad, corners: [a, b]}\n", encoding="utf-8")
    with pytest.raises(QuestionsError, match=r"q\.yaml.*'rol'.*exactly 3 labels"):
        load_questions(bad)
    with pytest.raises(QuestionsError, match="unknown type 'ranking'"):
        parse_questions({"questions": [{"id": "x", "type": "ranking"}]})
    with pytest.raises(QuestionsError, match="occurs twice"):
        parse_questions({"questions": [{"id": "x", "type": "text"}, {"id": "x", "type": "text"}]})
    with pytest.raises(QuestionsError, match="must start with a letter"):
        parse_questions({"questions": [{"id": "Leeftijd groep", "type": "text"}]})
    with pytest.raises(QuestionsError, match="not found"):
        load_questions(tmp_path / "missing.yaml")


def test_question_types_are_parsed(questions):
    kinds = {q.id: (type(q).__name__, getattr(q, "type_name", q.kind)) for q in questions.questions}
    assert kinds["rol"] == ("TriadQuestion", "triad")
    assert kinds["duur"] == ("SliderQuestion", "slider")
    assert kinds["thema"][1] == "multiple"
    assert kinds["leeftijd"][1] == "classification"
    dyad = parse_questions({"questions": [{"id": "d", "type": "dyad", "poles": ["a", "b"]}]}).questions[0]
    assert dyad.kind == "slider"


def _collection(questions) -> StoryCollection:
    stones = StonesQuestion(
        "plek", "Waar?", x_axis=("laag", "hoog"), y_axis=("weinig", "veel"), items=("Wonen", "Werk")
    )
    story = Story(
        "s1",
        "Titel",
        "Tekst",
        {
            "rol": TriadPoint(0.5, 0.25, 0.25),
            "duur": 0.4,
            "steun": "gesprek",
            "thema": ("wonen", "geld"),
            "baas": NOT_APPLICABLE,
            "leeftijd": "70+",
            "plek": (Stone("wonen", 0.2, 0.9),),
        },
    )
    return StoryCollection("c", "C", [*questions.questions, stones], [story], municipality="Lindewaard", fictional=True)


def test_dict_round_trip_keeps_answers(questions):
    c = _collection(questions)
    back = StoryCollection.from_dict(c.to_dict())
    assert back.stories[0].answers == c.stories[0].answers
    assert back.fictional and back.municipality == "Lindewaard"
    assert [q.to_dict() for q in back.questions] == [q.to_dict() for q in c.questions]


def test_flatten_answers_gives_scalar_case_variables(questions):
    c = _collection(questions)
    flat = flatten_answers(c, c.stories[0])
    assert flat["rol_1"] == pytest.approx(0.5)
    assert (flat["rol_x"], flat["rol_y"]) == pytest.approx(TriadPoint(0.5, 0.25, 0.25).xy)
    assert flat["thema"] == "wonen; geld"
    assert flat["baas"] is None
    assert flat["plek_wonen_x"] == 0.2 and flat["plek_werk_x"] is None
    assert all(v is None or isinstance(v, (str, float, int)) for v in flat.values())
