

def test_fit_project_models_speech_not_transcript_headers(tmp_path):
    from analysis.domain import Passage, Source, SourceKind
    from analysis.store import Project
    from analysis.themes import ThemeConfig, fit_project

    project = Project.create(tmp_path / "p")
    turns = [
        "De wachtlijst voor de jeugdhulp was heel lang, we wachtten maanden.",
        "Het wijkteam was slecht bereikbaar, niemand nam de telefoon op.",
        "De mantelzorger kreeg respijtzorg via de vrijwilligerscentrale.",
        "In het buurthuis organiseren vrijwilligers elke week een koffieochtend.",
    ] * 5
    for n in range(4):
        header = f"# FICTIEF DEMOMATERIAAL kop {n}"
        text = header + "\n\n" + "\n\n".join(f"R: {t}" for t in turns)
        passages = [Passage(0, len(header), header, 0)]
        pos = len(header)
        for i, t in enumerate(turns, start=1):
            start = text.index(t, pos)
            passages.append(Passage(start, start + len(t), t, i, speaker="R"))
            pos = start + len(t)
        project.add_source(Source(name=f"i{n}.txt", text=text, kind=SourceKind.INTERVIEW, checksum=f"h{n}"), passages)
    model = fit_project(project, ThemeConfig(nr_topics=2, random_state=1))
    modelled = {pid for pid, _, _ in model.assignments()}
    headers = {r.id for r in project.passages() if r.speaker is None}
    assert len(headers) == 4 and not modelled & headers
    assert len(modelled) == 4 * len(turns)
