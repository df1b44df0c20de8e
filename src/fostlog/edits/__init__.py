"""Changes to the data as data: yamltext (the one emitter and block-list inserter),
actions (add an action, update one), scaffold (a new meeting), change (a Change, and the
one apply that checks it and writes every file or none)."""
