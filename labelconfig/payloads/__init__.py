"""Payload linting: task data, predictions and annotations checked against a config.

Use it through `Config.check_task` / `check_prediction` / `check_annotation`, `labelconfig.check_files`
or `labelconfig check CONFIG --tasks/--predictions/--annotations FILE`. Every reader derives from one
payload model: `model` (the registry's value shapes narrowed per config), read through `kinds` (each
field kind: check, msgspec type, pydantic type) and `constraints` (each constraint: check, shortcut,
schema, sample). The readers: `results` (the complete checker), `fast` (the msgspec shortcut),
`schema`, `sample`, `builders` and `api` (the public `Config`). Around them: `codes` (the payload
rules), `data` (task data), `records` (tasks, predictions, annotations), `reader` and `run` (files).
Nothing is imported here, so the rule table can list the payload rules without loading the checkers.
"""
