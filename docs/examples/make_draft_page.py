"""Build the README picture of the report draft: a page of the Berkelland draft on the demo project.

    python docs/examples/make_draft_page.py [--out docs/examples]

Needs LibreOffice (``soffice``, e.g. ``apt-get install libreoffice-writer-nogui``) and poppler's
``pdftoppm``/``pdftotext``: DOCX -> PDF -> PNG of the page that holds the chapter of deelvraag 2.3.

The demo project is built without autocoding, with the demo authors' reference coding. For the
picture a researcher's work is played: one judgement with its bevinding (the text below, typed
for this illustration, not written by Duiding) and two passages marked citeerbaar.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.demo import build_demo
from analysis.reports import CodingData
from analysis.reports.draft import build_draft, write_draft
from analysis.reports.normenkader import assess_normenkader, norm_codings
from analysis.store import Project

CODEBOOK = "berkelland"
NORM = "n2-3"
BEVINDING = (
    "Inwoners die de teams vinden, zijn overwegend tevreden over de persoonlijke aandacht. De toegang is "
    "minder goed: wie het loket niet kent of niet digitaal vaardig is, vindt de weg niet of pas laat. "
    "(Voorbeeldtekst voor deze illustratie.)"
)
PAGE_MARK = "Bevinding: Inwoners die de teams"


def stage(project: Project) -> None:
    """The researcher's part: a judgement with bevinding, and two respondents' passages marked citeerbaar."""
    project.judge_norm(CODEBOOK, NORM, "voldoet-deels", BEVINDING)
    data = CodingData.from_project(project, codebook_ids=[CODEBOOK, "sociaal-domein"])
    nk = assess_normenkader(data, CODEBOOK, n_quotes=0)
    norm = next(n for n in project.get_codebook(CODEBOOK).norms if n.id == NORM)
    codings = norm_codings(data, CODEBOOK, norm, via=nk.via_framework)
    p = data.passages
    wanted = p[(p["role"] == "respondent") & (p["kind"] == "interview") & p["respondent_group"].isin(["inwoner", "cliënt"])]
    picked: list[int] = []
    for coding_id, pid in zip(codings["coding_id"], codings["passage_id"]):
        if pid in wanted.index and 80 < len(p.at[pid, "text"]) < 420 and pid not in picked:
            project.set_citeerbaar(int(coding_id))
            picked.append(int(pid))
        if len(picked) == 2:
            break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "examples")
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        sys.exit("needs LibreOffice (soffice) and poppler (pdftoppm, pdftotext)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_demo(work / "demo", autocode=False, stories=False, reference_coding=True, log=lambda m: None)
        with Project.open(work / "demo") as project:
            stage(project)
            report = build_draft(project, CODEBOOK, project_name="demo")
        docx_path = write_draft(report, work / "conceptrapport.docx")
        write_draft(report, args.out / "conceptrapport-berkelland.md")
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx_path)],
                       check=True, capture_output=True, timeout=600)
        pdf = work / "conceptrapport.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        page = next(i for i, body in enumerate(text.split("\f"), start=1) if PAGE_MARK in body)
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(page), "-l", str(page + 1), str(pdf),
                        str(work / "page")], check=True, timeout=600)
        side_by_side(sorted(work.glob("page*.png")), args.out / "conceptrapport-pagina.png")
    print(f"written: {args.out / 'conceptrapport-pagina.png'} (pages {page}-{page + 1}), {args.out / 'conceptrapport-berkelland.md'}")


def side_by_side(pages: list[Path], target: Path, gap: int = 16) -> None:
    """The pages next to each other on a grey background, as one PNG."""
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in pages]
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (200, 200, 200))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(target, optimize=True)


if __name__ == "__main__":
    main()
