"""Queries against hand-computed sets on a small project (tests/query_builders.py)."""

from __future__ import annotations

import pytest
from query_builders import build

from analysis.query import QueryError, QueryIndex, code_set, matrix, parse, run_query, save_result
from analysis.store import Project


@pytest.fixture
def built(tmp_path):
    project = Project.create(tmp_path / "q")
    ids = build(project)
    yield project, ids
    project.close()


def names(result, ids):
    back = {v: k for k, v in ids.items()}
    return [back[p] for p in result.passage_ids]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("toegang", ["a0", "a1", "m0", "b0", "d0"]),  # bereikbaarheid (a0) is below toegang
        ("bereikbaarheid", ["a0"]),
        ('"Eigen regie"', ["a2", "b2"]),
        ("toegang AND wachttijd", ["a0", "a1", "d0"]),
        ("toegang OR werkdruk", ["a0", "a1", "m0", "m1", "b0", "d0"]),
        ("toegang NOT wachttijd", ["m0", "b0"]),
        ("toegang AND NOT wachttijd", ["m0", "b0"]),
        ("NOT toegang", ["a2", "a3", "m1", "b1", "b2"]),
        ("(regie OR werkdruk) AND NOT TEXT \"zelf\"", ["m1"]),
        ("TEXT \"client\"", ["a1"]),  # diacritics-insensitive: cliënt
        ("wmo:wachttijd", ["a0", "a1", "b1", "d0"]),
        ("regie NEAR toegang", ["a1", "a2"]),  # a2 is next to a1; b2 is two away from b0
        ("regie NEAR/2 toegang", ["a0", "a1", "a2", "b0", "b2"]),
        ("regie NEAR/0 toegang", []),
        # spans: a0's bereikbaarheid ("slecht bereikbaar") and wachttijd ("ik wachtte lang") do not overlap;
        # a1's toegang span lies inside its whole-passage wachttijd coding; d0 codings are whole passages
        ("toegang OVERLAPS wachttijd", ["a1", "d0"]),
        ("bereikbaarheid OVERLAPS wachttijd", []),
    ],
)
def test_code_expressions(built, query, expected):
    project, ids = built
    assert names(run_query(project, query), ids) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("toegang WHERE municipality = adorp", ["a0", "a1", "m0"]),
        ("toegang AND wachttijd WHERE respondent_group = inwoner AND municipality = Adorp", ["a0", "a1"]),
        ("WHERE respondent_group = mantelzorger", ["m0", "m1"]),
        ("toegang WHERE respondent_group != inwoner", ["m0", "d0"]),  # != holds without a value (d0)
        ("toegang WHERE kind = policy_document", ["d0"]),
        ("toegang WHERE NOT kind = interview", ["d0"]),
        ("regie WHERE age_group IN (\"65+\", \"18-39\")", ["a2", "b2"]),
        ("WHERE woonvorm = alleen", ["a0", "a1", "a2", "a3"]),  # list-valued attribute
        ("WHERE wijk ~ oo", ["a0", "a1", "a2", "a3"]),  # contains
        ("wachttijd WHERE coder = bert", ["a1"]),
        ("WHERE coder = bert", ["a1", "b2"]),
        ("WHERE heading ~ wachttijden", ["d0"]),  # a verslag's heading path
        ("toegang WHERE speaker = R", ["a0", "a1", "m0", "b0"]),
        ("toegang WHERE role = respondent", ["a0", "a1", "m0", "b0"]),  # d0: a document has no speaker role
        ("toegang WHERE municipality = Bedum OR respondent_group = mantelzorger", ["m0", "b0", "d0"]),
    ],
)
def test_conditions(built, query, expected):
    project, ids = built
    assert names(run_query(project, query), ids) == expected


def test_suggestions_only_when_asked_and_rejected_never(built):
    project, ids = built
    assert names(run_query(project, "regie"), ids) == ["a2", "b2"]
    assert names(run_query(project, "regie", include_suggestions=True), ids) == ["a2", "a3", "b2"]
    assert names(run_query(project, "werkdruk", include_suggestions=True), ids) == ["m1"]


def test_result_counts_units(built):
    project, _ids = built
    result = run_query(project, "toegang")
    assert (len(result), result.sources, result.participants) == (5, 4, 4)


@pytest.mark.parametrize(
    "query, position, fragment",
    [
        ("toegang AND", 12, "het einde"),
        ("toegang AND (wachttijd", 23, "')'"),
        ("toegang WHERE municipality", 27, "=, !=, ~ of IN"),
        ("toegang wachttijd", 9, "'wachttijd'"),
        ('TEXT "open', 6, "aanhalingsteken"),
        ("toegang NEAR/x regie", 14, "getal"),
        ("TEXT \"a\" OVERLAPS toegang", 10, "OVERLAPS"),
        ("", 0, "leeg"),
    ],
)
def test_parse_errors_name_position_and_expectation(query, position, fragment):
    with pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.position == position
    assert fragment in info.value.message("nl")


def test_unknown_code_and_misplaced_coder(built):
    project, _ids = built
    with pytest.raises(QueryError) as info:
        run_query(project, "toegan")
    assert "toegan" in info.value.message("nl") and "toegang" in info.value.message("nl")  # a hint
    with pytest.raises(QueryError):
        run_query(project, "toegang WHERE coder = anne OR municipality = Adorp")


def test_saved_sets_survive_reopen_and_feed_queries(built, tmp_path):
    project, ids = built
    result = run_query(project, "toegang AND wachttijd")
    save_result(project, "toegang en wachten", result)
    project.close()
    again = Project.open(tmp_path / "q")
    try:
        stored = again.get_passage_set("toegang en wachten")
        assert stored["passage_ids"] == [ids["a0"], ids["a1"], ids["d0"]]
        assert stored["query"] == "toegang AND wachttijd"
        assert names(run_query(again, 'SET "toegang en wachten" NOT TEXT "gemeente"'), ids) == ["a0", "a1"]
        # replace, then delete
        again.save_passage_set("toegang en wachten", [ids["b0"]])
        assert again.get_passage_set("toegang en wachten")["passage_ids"] == [ids["b0"]]
        again.delete_passage_set("toegang en wachten")
        assert again.passage_sets() == []
        with pytest.raises(QueryError):
            run_query(again, 'SET "toegang en wachten"')
    finally:
        again.close()


def test_code_set_codes_each_passage_once(built):
    project, ids = built
    result = run_query(project, "wachttijd WHERE municipality = Adorp")
    assert code_set(project, result.passage_ids, "wmo", "werkdruk", coder="carla") == 2
    assert code_set(project, result.passage_ids, "wmo", "werkdruk", coder="carla") == 0
    assert names(run_query(project, "werkdruk WHERE coder = carla"), ids) == ["a0", "a1"]


def test_matrix_by_attribute_counts_and_percentages(built):
    project, ids = built
    index = QueryIndex.from_project(project)
    result = matrix(index, "wmo", "respondent_group")
    assert result.columns == ["inwoner", "mantelzorger", "(geen waarde)"]
    table = result.table("passages")
    assert table.loc["Toegang"].tolist() == [3, 1, 1]
    assert table.loc["Wachttijden"].tolist() == [3, 0, 1]
    assert table.loc["Werkdruk"].tolist() == [0, 1, 0]
    assert result.table("participants").loc["Toegang"].tolist() == [2, 1, 1]
    assert result.table("sources").loc["Wachttijden"].tolist() == [2, 0, 1]
    # column %: toegang in 3 of the 7 inwoner passages; row %: 3 of toegang's 5 passages
    assert result.table("passages", "column").loc["Toegang"].tolist() == [42.9, 50.0, 100.0]
    assert result.table("passages", "row").loc["Toegang"].tolist() == [60.0, 20.0, 20.0]
    names_by_id = {v: k for k, v in ids.items()}
    assert [names_by_id[p] for p in result.cell_passages("toegang", "inwoner")] == ["a0", "a1", "b0"]


def test_matrix_children_list_values_coder_and_scope(built):
    project, ids = built
    index = QueryIndex.from_project(project)
    children = matrix(index, "wmo", "municipality", parent="toegang")
    assert children.table().to_dict("index") == {"Bereikbaarheid": {"Adorp": 1, "Bedum": 0}}
    by_form = matrix(index, "wmo", "woonvorm", codes=["toegang"])
    assert by_form.table().loc["Toegang"].to_dict() == {"alleen": 2, "huur": 2, "koop": 1, "(geen waarde)": 2}
    by_coder = matrix(index, "wmo", "coder", codes=["wachttijd"])
    assert by_coder.table().loc["Wachttijden"].to_dict() == {"anne": 4, "bert": 1}
    scoped = matrix(index, "wmo", "municipality", codes=["toegang"], scope=[ids["a0"], ids["b0"]])
    assert scoped.table().loc["Toegang"].to_dict() == {"Adorp": 1, "Bedum": 1}


def test_matrix_export_has_passages_sheet(built, tmp_path):
    import pandas as pd

    from analysis.query import export_matrix

    project, _ids = built
    result = matrix(QueryIndex.from_project(project), "wmo", "municipality")
    out = tmp_path / "m.xlsx"
    export_matrix(result, str(out), count="participants")
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"Matrix", "Fragmenten"}
    frag = sheets["Fragmenten"]
    toegang_adorp = frag[(frag["code"] == "Toegang") & (frag["municipality"] == "Adorp")]
    assert sorted(toegang_adorp["text"].str[:10]) == sorted(["Het loket ", "De wachtli", "Als mantel"])
    export_matrix(result, str(tmp_path / "m.csv"))
    assert (tmp_path / "m.fragmenten.csv").exists()


def test_cooccurrence_cells_open_their_passages(built):
    from analysis.query import cooccurrence

    project, ids = built
    co = cooccurrence(QueryIndex.from_project(project), "wmo")
    table = co.table()
    assert table.loc["Toegang", "Wachttijden"] == 3
    assert table.loc["Toegang", "Toegang"] == 5
    back = {v: k for k, v in ids.items()}
    assert [back[p] for p in co.cell("toegang", "wachttijd")] == ["a0", "a1", "d0"]
    assert ("toegang", "wachttijd", 3) in co.edges()


def test_cli_query_json_matrix_and_sets(built, tmp_path):
    import json

    from typer.testing import CliRunner

    from analysis.cli import app

    project, ids = built
    location = str(tmp_path / "q")
    runner = CliRunner()
    res = runner.invoke(app, ["query", "--project", location, "toegang AND wachttijd WHERE municipality = Adorp",
                              "--json", "--save", "adorp"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["passage_ids"] == [ids["a0"], ids["a1"]]
    assert payload["shown"][0]["text"].startswith("Het loket")
    assert project.get_passage_set("adorp")["passage_ids"] == [ids["a0"], ids["a1"]]
    bad = runner.invoke(app, ["query", "--project", location, "toegang AND"])
    assert bad.exit_code == 1 and "position 12" in bad.output
    res = runner.invoke(app, ["matrix", "--project", location, "--codebook", "wmo", "--by", "municipality", "--set", "adorp"])
    assert res.exit_code == 0, res.output
    assert "Toegang" in res.stdout and "Wachttijden" in res.stdout
    res = runner.invoke(app, ["sets", "code", "adorp", "--project", location, "--codebook", "wmo", "--code", "regie"])
    assert res.exit_code == 0, res.output
    assert ids["a0"] in run_query(project, "regie").passage_ids


def test_reports_restricted_to_a_saved_set(built, tmp_path):
    from typer.testing import CliRunner

    from analysis.cli import app
    from analysis.reports import CodingData, summarize_codebook

    project, ids = built
    project.save_passage_set("bedum", run_query(project, "WHERE municipality = Bedum").passage_ids)
    data = CodingData.from_project(project).restrict(project.get_passage_set("bedum")["passage_ids"])
    assert sorted(data.passages["municipality"].unique()) == ["Bedum"]
    assert set(data.codings["passage_id"]) <= {ids["b0"], ids["b1"], ids["b2"], ids["d0"]}
    toegang = next(s for s in summarize_codebook(data, "wmo") if s.key == "toegang")
    assert toegang.n_passages == 2  # b0 and d0 (Adorp's three are outside the set)
    res = CliRunner().invoke(app, ["report", "summary", "--project", str(tmp_path / "q"), "--codebook", "wmo",
                                   "--set", "bedum", "--format", "md"])
    assert res.exit_code == 0, res.output
    assert "Adorp" not in res.stdout and "Bedum" in res.stdout
    bad = CliRunner().invoke(app, ["report", "summary", "--project", str(tmp_path / "q"), "--codebook", "wmo", "--set", "nope"])
    assert bad.exit_code == 1 and "nope" in bad.output
