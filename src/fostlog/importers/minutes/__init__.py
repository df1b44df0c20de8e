"""Minutes of a meeting (a Word document or its plain-text export) -> a draft of the data
they add: the meeting file, actions and their dated observations, people, spellings.

The stages, each pure and in its own module:
  read.py    bytes -> the document's lines and tables, each knowing where it is
  parse.py   -> the parts of the minutes as written (title, date, chair, attendees, items,
             "Action:" lines, the action log's rows)
  resolve.py names, places and initials -> ids in the registry (or "not known")
  draft.py   -> the records to add, every guess a Check (records.py: what a draft is;
             actions.py: the action log and "Action:" lines; draft.py: the meeting)
  text.py    -> the new text of each data file, every Check a `# check:` comment
  summary.py -> what the coordinator reads before writing
"""

from __future__ import annotations

from datetime import date

from fostlog.core.repository import Repository
from fostlog.importers.minutes.draft import draft_minutes
from fostlog.importers.minutes.parse import parse_minutes
from fostlog.importers.minutes.read import Problem, read_document
from fostlog.importers.minutes.records import Check, Draft

__all__ = ["Check", "Draft", "Problem", "import_minutes"]


def import_minutes(content: bytes, name: str, repo: Repository,
                   when: date | None = None) -> Draft:
    """The draft of what the minutes in `content` (a file called `name`) add to `repo`;
    `when` is the meeting's date if the coordinator gives it. Problems that stop the
    import are in `draft.problems` (fatal ones: `draft.ok` is False)."""
    document, problems = read_document(content, name)
    if document is None:
        draft = Draft(name)
        draft.problems += problems
        return draft
    draft = draft_minutes(parse_minutes(document), repo, when)
    kind = "a Word document" if document.kind == "docx" else "plain text"
    draft.read_as = kind + "".join(f"; {note}" for note in document.notes)
    return draft
