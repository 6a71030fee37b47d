"""ML-backend contract rules (LC95x, LC96x): what `labelconfig backend` finds in a running backend.

Declared here, next to nothing heavy, so the one rule table (`labelconfig.rules.RULES`) can list them;
the checks that emit them live in `contract.py`. The predictions a backend returns are linted with the
payload rules (LC8xx, LC90x), exactly as `labelconfig check --predictions` does.
"""

from __future__ import annotations

from ..diagnostics import Rule, Severity

HEALTH_FAILED = Rule(
    "LC950",
    "health-check-failed",
    Severity.ERROR,
    "`GET /health` did not answer with JSON within Label Studio's health timeout",
    "Label Studio calls `/health` before anything else; a refused connection, an HTTP error, a body "
    "that is not JSON or an answer slower than `ML_TIMEOUT_HEALTH` (1 s) keeps the backend disconnected.",
    "GET /health  ->  502 Bad Gateway (a proxy in front of a backend that is still loading its model)",
    'GET /health  ->  200 {"status": "UP"} within a second; load the model before serving',
    "The backend form refuses the URL (`Can't connect to ML backend …, health check failed. Make sure "
    "it is up and your firewall is properly configured`, ml/serializers.py), and a connected backend "
    "is marked Disconnected before every prediction run (MLBackend.update_state).",
)

HEALTH_NOT_UP = Rule(
    "LC951",
    "health-not-up",
    Severity.WARNING,
    '`GET /health` answers, but not with `"status": "UP"`',
    'label-studio-ml answers `/health` with `{"status": "UP"}`; monitors and people reading the '
    "answer take anything else for a backend that is not ready.",
    'GET /health  ->  200 {"status": "LOADING"}',
    'GET /health  ->  200 {"status": "UP", "model_class": "MyModel"}',
    "Label Studio only checks that the health call succeeds with JSON (MLApiResult.is_error), so it "
    "connects anyway: the backend works as written, hence a warning.",
)

HTTP_ERROR = Rule(
    "LC952",
    "backend-http-error",
    Severity.ERROR,
    "`/setup` or `/predict` answered an HTTP error or a body that is not JSON",
    "Label Studio keeps only the error text of a failed call in its server log; the backend's own "
    '`detail` (label-studio-ml\'s `{"detail": "ValueError: …"}`) is what says what went wrong.',
    'POST /predict  ->  500 {"status": 500, "detail": "KeyError: \'image\'"}',
    'POST /predict  ->  200 {"results": [{"result": [...], "score": 0.9}]}',
    "A failed `/setup` refuses the connection (`Successfully connected to … but it doesn't look like "
    "a valid ML backend. Reason: …`); a failed `/predict` creates no prediction and logs `Error "
    "occurred` on the server only (MLBackend._get_predictions_from_ml_backend).",
)

TIMEOUT = Rule(
    "LC953",
    "backend-timeout",
    Severity.ERROR,
    "`/setup` or `/predict` did not answer within Label Studio's timeout",
    "Label Studio waits `ML_TIMEOUT_SETUP` (3 s) for `/setup` and `ML_TIMEOUT_PREDICT` (100 s) for "
    "`/predict`; a backend that loads its model inside `/setup` or predicts a batch too slowly is cut off.",
    "POST /setup  ->  (loads a 2 GB checkpoint, answers after 40 s)",
    "load the model when the process starts; answer /setup at once (or raise ML_TIMEOUT_SETUP in "
    "Label Studio's environment and test with the same --setup-timeout)",
    "The request fails with a read timeout: the backend is refused at `/setup` (`doesn't look like a "
    "valid ML backend`, label-studio-ml-backend#636, #649), and a slow `/predict` creates no "
    "prediction, so the batch is lost with one server log line.",
)

INVALID_RESPONSE = Rule(
    "LC954",
    "invalid-predict-response",
    Severity.ERROR,
    "The `/predict` answer is not an object with a `results` list",
    'Label Studio reads predictions only from `{"results": [...]}`; a bare list, a `predictions` key '
    "or `results` holding an object are dropped whole.",
    'POST /predict  ->  200 [{"result": [...]}]',
    'POST /predict  ->  200 {"results": [{"result": [...]}]}',
    "Dropped with one server log line (`ML backend returns an incorrect response, it must be a "
    "dict`), nothing in the UI (label-studio#7630).",
)

NO_RESULTS = Rule(
    "LC955",
    "empty-predict-response",
    Severity.ERROR,
    "`/predict` answered 200 with an empty `results` list, or an empty list for a task",
    "Label Studio needs one item per task; an empty list is the most common way a backend that "
    '"works" never shows a prediction.',
    'POST /predict  ->  200 {"results": []}',
    'POST /predict  ->  200 {"results": [{"result": [...], "score": 0.9}]}',
    "Dropped: `ML backend returns an incorrect response, results field must be a list with at least "
    "one item` in the server log, nothing in the UI (label-studio#6866, #7231); a task answered with "
    "an empty list of predictions (2.x) gets none, without a log line.",
)

RESULT_COUNT = Rule(
    "LC956",
    "result-count-mismatch",
    Severity.ERROR,
    "`/predict` returned a number of results other than the number of tasks (and not one)",
    "Label Studio pairs results with tasks by position; with a different count it cannot tell which "
    "prediction belongs to which task.",
    'POST /predict with 3 tasks  ->  200 {"results": [{...}, {...}]}',
    "one item per task, in the order the tasks were sent",
    "Every prediction of the batch is dropped (`Number of tasks and responses are not equal … "
    "Returning empty predictions`, MLBackend._get_predictions_from_ml_backend_one_by_one).",
)

ONE_AT_A_TIME = Rule(
    "LC957",
    "batch-not-supported",
    Severity.WARNING,
    "`/predict` returned one result for a batch of tasks",
    "Label Studio sends tasks in batches; a backend that answers only the first task makes it call "
    "`/predict` again for every task, one at a time.",
    'POST /predict with 3 tasks  ->  200 {"results": [{...}]}',
    "predict every task of `tasks`, one result each",
    "Label Studio logs `doesn't support batch processing of tasks, switched to one-by-one task "
    "retrieval` and repeats the call per task: it works, slower, hence a warning.",
)

EMPTY_PREDICTIONS = Rule(
    "LC958",
    "empty-predictions",
    Severity.WARNING,
    "Every prediction the backend returned has an empty `result`",
    'A backend that answers `{"result": []}` for every task (wrong input field, a failed media '
    "download swallowed, a score threshold too high) looks connected and never pre-labels anything.",
    'POST /predict  ->  200 {"results": [{"result": [], "score": 0}]}',
    'POST /predict  ->  200 {"results": [{"result": [{"from_name": "label", ...}], "score": 0.9}]}',
    "Label Studio stores the empty predictions and shows nothing (label-studio#5793, "
    "label-studio-ml-backend#382); an empty prediction is valid, hence a warning.",
)

MISSING_MODEL_VERSION = Rule(
    "LC959",
    "missing-model-version",
    Severity.WARNING,
    "No `model_version` from `/setup`, nor on the predictions",
    "Label Studio records each prediction's model version and skips tasks that already have a "
    "prediction of the current one; without a version, predictions cannot be told apart or reused.",
    'POST /setup  ->  200 {}\nPOST /predict  ->  200 {"results": [{"result": [...]}]}',
    'POST /setup  ->  200 {"model_version": "yolo-2024-06-01"}',
    'Label Studio logs `"model_version" field is not specified in response` and stores predictions '
    "without a version (label-studio#968, label-studio-ml-backend#121); they still import, hence a warning.",
)

UNSTABLE_MODEL_VERSION = Rule(
    "LC960",
    "unstable-model-version",
    Severity.WARNING,
    "`model_version` changes between identical calls",
    "Label Studio compares the version `/setup` returns with the versions of stored predictions; one "
    "that changes on every call (a timestamp, a random id) makes every task look unpredicted.",
    'POST /setup  ->  {"model_version": "1718000000"}, then {"model_version": "1718000004"}',
    "a version that changes only when the model does (a training run, a checkpoint hash)",
    "Every retrieval predicts all tasks again and stacks a new prediction on each (label-studio-ml-"
    "backend#230, #97): it works, with duplicates, hence a warning.",
)

MEDIA_UNAUTHORIZED = Rule(
    "LC961",
    "media-unauthorized",
    Severity.ERROR,
    "The backend fetched a task's file from Label Studio without a valid token",
    "Uploaded and local files are served by Label Studio only with `Authorization: Token …`; a "
    "backend that downloads `/data/upload/…` without it gets 401 and predicts from nothing.",
    "GET /data/upload/1/cat.jpg  (no Authorization header)  ->  401",
    "resolve `/data/…` URLs against the `hostname` `/setup` sends (or LABEL_STUDIO_URL) and send "
    "`Authorization: Token <access_token>` (or LABEL_STUDIO_API_KEY)",
    "Label Studio refuses the download (401/403 without the token), so the backend's prediction "
    "fails or comes back empty (label-studio#5352, #7519, label-studio-ml-backend#136, #285).",
)

RULES = (
    HEALTH_FAILED,
    HEALTH_NOT_UP,
    HTTP_ERROR,
    TIMEOUT,
    INVALID_RESPONSE,
    NO_RESULTS,
    RESULT_COUNT,
    ONE_AT_A_TIME,
    EMPTY_PREDICTIONS,
    MISSING_MODEL_VERSION,
    UNSTABLE_MODEL_VERSION,
    MEDIA_UNAUTHORIZED,
)
