"""Payload linting: task data, predictions and annotations checked against a config.

Use it through `Config.check_task` / `check_prediction` / `check_annotation`, `labelconfig.check_files`
or `labelconfig check CONFIG --tasks/--predictions/--annotations FILE`. The modules: `codes` (the
payload rules), `data` (task data), `fields` and `results` (result values), `special` (checks of one
result type), `records` (tasks, predictions, annotations), `reader` and `run` (files), `fast` (the
msgspec shortcut), `schema`, `sample` and `builders`. Nothing is imported here, so the rule table can
list the payload rules without loading the checkers.
"""
