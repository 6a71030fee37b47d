"""Payload rules: LC7xx task data, LC8xx results, LC9xx records (predictions, annotations, files).

Declared here, next to nothing heavy, so the one rule table (`labelconfig.rules.RULES`) can list them;
the checks that emit them live in the sibling modules.
"""

from __future__ import annotations

from ..diagnostics import Rule, Severity

# --- LC7xx: task data -------------------------------------------------------------------------------

MISSING_DATA_KEY = Rule(
    "LC701",
    "missing-data-key",
    Severity.ERROR,
    "A `$variable` of the config has no value in the task",
    "Each object tag shows the task field its `$variable` names. When the key is missing (a different "
    "case, a space, a CSV header) Label Studio refuses the import or shows an empty task.",
    'config: <Text name="text" value="$review_text"/>\ntask:   {"data": {"Review text": "Great!"}}',
    'task:   {"data": {"review_text": "Great!"}}',
    "The backend refuses to import tasks that lack a key the config's `$variables` read (`\"Image "
    "URL\" key is expected in task data`, label-studio#5038, #5478), and the SDK's validate_task "
    "returns False.",
)

WRONG_DATA_TYPE = Rule(
    "LC702",
    "wrong-data-type",
    Severity.ERROR,
    "A task field holds the wrong kind of value for its object tag",
    "An `<Image>` needs a URL string, `<Paragraphs>` a list of objects with the speaker and text keys, "
    "`<Text>` a string; anything else renders as nothing or breaks the labeling page.",
    'config: <Image name="img" value="$image"/>\ntask:   {"data": {"image": ["a.jpg", "b.jpg"]}}',
    'task:   {"data": {"image": "https://example.com/a.jpg"}}',
    "The editor cannot render an object from a value of the wrong shape (an Image from a list, "
    "Paragraphs without its keys): it shows nothing or the page crashes, so it cannot be labeled; "
    "the SDK does not check types (T04; the editor side is inferred).",
)

EMPTY_DATA_VALUE = Rule(
    "LC703",
    "empty-data-value",
    Severity.WARNING,
    "A task field the config shows is null or empty",
    "Label Studio treats a null field like a missing one; an empty string shows an empty object that "
    "cannot be labeled.",
    '{"data": {"text": null}}',
    '{"data": {"text": "The food was great."}}',
    "The backend imports the task (the key is present) and the editor loads it with an empty "
    "object; only the SDK's validate_task treats null like a missing key (validation notes §2.2).",
)

INVALID_TASK = Rule(
    "LC704",
    "invalid-task",
    Severity.ERROR,
    "A task that is not an object, or whose `data` is not an object",
    "Tasks are JSON objects with a `data` object (a bare object is taken as the data itself).",
    '["just", "a", "list"]',
    '{"data": {"text": "..."}}',
    "The backend's import refuses a task that is not a JSON object or whose `data` is not an "
    "object, and the SDK's validate_task raises on it (`KeyError: 'data'`, validation notes §2.2).",
)

# --- LC8xx: results ---------------------------------------------------------------------------------

INVALID_RESULT = Rule(
    "LC801",
    "invalid-result",
    Severity.ERROR,
    "A result that is not an object, or lacks `from_name`, `to_name`, `type` or `value`",
    "Every region or answer is an object naming its control, its object, its type and its value; "
    "Label Studio drops anything else without saying so.",
    '"result": ["Positive"]',
    '"result": [{"from_name": "sentiment", "to_name": "text", "type": "choices", '
    '"value": {"choices": ["Positive"]}}]',
    "The SDK validator rejects it (`Region 0: Missing required field 'value'`, `Region must be a "
    "dictionary`, validation notes §2.3), and the editor's fixBrokenAnnotation drops results "
    "without known from_name/to_name (ED stores/Annotation/Annotation.js:1086-1141).",
)

UNKNOWN_FROM_NAME = Rule(
    "LC802",
    "unknown-from-name",
    Severity.ERROR,
    "`from_name` names no control of the config",
    "Label Studio matches results to controls by name; a result whose `from_name` matches nothing never "
    "shows (label-studio-sdk#102: a box appears without its label).",
    '{"from_name": "tag", "to_name": "image", "type": "rectanglelabels", ...}',
    '{"from_name": "label", "to_name": "image", "type": "rectanglelabels", ...}',
    "The SDK validator rejects it (`'from_name' 'x' not found in configuration`, §2.3) and the "
    "editor drops the result when it loads (fixBrokenAnnotation, ED Annotation.js:1139; "
    "label-studio-sdk#102).",
)

INVALID_TO_NAME = Rule(
    "LC803",
    "invalid-to-name",
    Severity.ERROR,
    "`to_name` is not an object the control labels",
    "A result belongs to the object named in its control's `toName`; any other `to_name` (a typo, a "
    "list, a comma-joined string) is not displayed.",
    '{"from_name": "sentiment", "to_name": "txt", ...}',
    '{"from_name": "sentiment", "to_name": "text", ...}',
    "The SDK validator rejects a to_name that is not one of the control's objects (`'to_name' ... "
    "is not valid for control`, §2.3); the editor drops a result whose to_name names no tag, "
    "comma-joined names included (ED Annotation.js:1139, behaviour notes §1.2).",
)

WRONG_TYPE = Rule(
    "LC804",
    "wrong-result-type",
    Severity.ERROR,
    "`type` is not the control's result type",
    "The result `type` is the control's tag in lower case (`rectanglelabels`, `choices`, `labels`); a "
    "different type (`label`, `RectangleLabels`) is ignored by the editor.",
    '{"from_name": "ner", "type": "label", ...}',
    '{"from_name": "ner", "type": "labels", ...}',
    "The SDK validator rejects it (`Type 'labels' does not match expected type 'choices' for "
    "control`, validation notes §2.3); the editor does not restore it as that control's result, so "
    "it is not shown (inferred).",
)

MISSING_VALUE_KEY = Rule(
    "LC805",
    "missing-value-key",
    Severity.ERROR,
    "A required key is missing from `value`",
    "Each result type has fixed value keys: a rectangle needs `x`, `y`, `width`, `height` and its labels "
    "under `rectanglelabels`; a `paragraphlabels` region needs `paragraphlabels`, not `labels`.",
    '"value": {"start": 0, "end": 5, "labels": ["Greeting"]}   (type paragraphlabels)',
    '"value": {"start": 0, "end": 0, "startOffset": 0, "endOffset": 5, "paragraphlabels": ["Greeting"]}',
    "The SDK's value model for the type rejects a value without its required keys (`Invalid value "
    "for control ...`, validation notes §2.3-2.4); the editor cannot build the region from it "
    "(label-studio#6122).",
)

WRONG_VALUE_TYPE = Rule(
    "LC806",
    "wrong-value-type",
    Severity.ERROR,
    "A value key holds the wrong JSON type",
    "Coordinates are numbers, labels are lists of strings, TextArea `text` is a list. Strings such as "
    '`"12"` are not numbers: Label Studio does not convert them and the region breaks.',
    '"value": {"x": "12", ...}',
    '"value": {"x": 12, ...}',
    "The editor's MST region models take numbers and lists, not strings, so it cannot load such a "
    "region (inferred); the SDK's lax models accept numeric strings but reject other wrong "
    "types (validation notes §2.4).",
)

UNEXPECTED_VALUE_KEY = Rule(
    "LC807",
    "unexpected-value-key",
    Severity.WARNING,
    "A key in `value` that the result type does not have",
    "Label Studio ignores unknown value keys, so a misspelt key silently loses its data (often the labels "
    "key under the wrong name).",
    '"value": {"x": 1, "y": 1, "width": 5, "height": 5, "label": ["Car"]}',
    '"value": {"x": 1, "y": 1, "width": 5, "height": 5, "rectanglelabels": ["Car"]}',
    "The SDK's value models ignore extra keys (pydantic, validation notes §2.4) and the editor "
    "reads only the keys of the result type: the result loads, without the extra key.",
)

UNKNOWN_LABEL = Rule(
    "LC808",
    "unknown-label",
    Severity.ERROR,
    "A label or choice the control does not declare",
    "Results must use the label text of the config (the alias when one is set), exactly: a model's "
    "`car` for the config's `Car` shows a region without a label (label-studio#6871).",
    '"rectanglelabels": ["car"]',
    '"rectanglelabels": ["Car"]',
    "The SDK validator rejects labels the config does not declare (`_validate_labels`, §2.4); the "
    "editor shows a region without its label or leaves an unknown choice unselected, so it is lost "
    "on the next save (label-studio#6871, label-studio-sdk#102).",
)

LABEL_COUNT = Rule(
    "LC809",
    "label-count",
    Severity.ERROR,
    "Too many or too few labels for the control",
    'A `choice="single"` control takes one label per region; a region with no label at all shows as an '
    'unlabeled shape (allowed only with `allowEmpty="true"`).',
    '"choices": ["Positive", "Negative"]   (choice="single")',
    '"choices": ["Positive"]',
    "Loading two values into a single-choice Choices selects both, so beforeSend reports too many "
    "selections and submit is blocked (ED Choices.jsx:217-232, AppStore.js:633-666); the SDK "
    "accepts it (P03, R10, R11).",
)

OUT_OF_RANGE = Rule(
    "LC810",
    "result-value-out-of-range",
    Severity.ERROR,
    "A number outside its allowed range",
    "Image coordinates are percentages (0-100) of the image size, sizes are not negative, a rating is "
    "at most `maxRating`, a score is 0-1. Pixel coordinates are the classic mistake (label-studio#5794).",
    '"value": {"x": 2691, "y": 120, "width": 300, "height": 200, ...}',
    '"value": {"x": 87.6, "y": 11.1, "width": 9.8, "height": 18.5, ...}',
    "The SDK validator rejects coordinates above 100 (`out of bounds [0, 100]`), a rating above "
    "maxRating and RLE bytes above 255 (validation notes §2.3-2.4); pixel coordinates put the "
    "region far off the image, where it is not shown (label-studio#5794).",
)

OUTSIDE_IMAGE = Rule(
    "LC811",
    "region-outside-image",
    Severity.WARNING,
    "A box that extends past the image",
    "`x + width` and `y + height` cannot exceed 100%; such boxes are clipped in the editor and corrupt "
    "exports.",
    '"value": {"x": 80, "y": 10, "width": 40, "height": 10, ...}',
    '"value": {"x": 60, "y": 10, "width": 40, "height": 10, ...}',
    "The SDK accepts x + width above 100 (R04, validation notes §5.6) and the editor loads and "
    "draws the box past the image edge; only exports then carry coordinates beyond the image.",
)

BAD_GEOMETRY = Rule(
    "LC812",
    "invalid-geometry",
    Severity.ERROR,
    "A shape that cannot be drawn",
    "A polygon needs at least three points, each an [x, y] pair; a brush mask needs a non-empty RLE "
    "of bytes; video keyframes need frames from 1.",
    '"points": [[10, 10], [20, 20]]',
    '"points": [[10, 10], [20, 20], [10, 30]]',
    "The SDK rejects an empty brush RLE and points that are not [x, y] pairs (validation notes "
    "§2.4); the editor cannot draw a polygon of fewer than three points or a keyframe before frame "
    "1 (inferred, not traced in the source).",
)

BAD_SPAN = Rule(
    "LC813",
    "invalid-span",
    Severity.ERROR,
    "A text span whose offsets are reversed, outside the text, or disagree with `text`",
    "Span offsets count characters of the task text (start included, end excluded). Offsets past the end "
    "or text that does not match the offsets highlight the wrong words (label-studio#5325).",
    '{"start": 12, "end": 4, "text": "Oxford"}',
    '{"start": 8, "end": 14, "text": "Oxford"}',
    "Spans are restored from their offsets: offsets past the end of the text or reversed cannot be "
    "mapped onto it, so the region is not shown or highlights other words (label-studio#5325); the "
    "SDK does not check them (validation notes §2.4).",
)

MISSING_IMAGE_SIZE = Rule(
    "LC814",
    "missing-image-size",
    Severity.WARNING,
    "An image result without `original_width` / `original_height`",
    "Label Studio displays the region, but COCO, VOC and YOLO-OBB exports need the pixel size and drop "
    "or crash on regions without it.",
    '{"type": "rectanglelabels", "value": {...}}',
    '{"type": "rectanglelabels", "original_width": 1920, "original_height": 1080, "value": {...}}',
    "The editor loads and draws the region (it reads the image's own size, ED "
    "tags/object/Image/Image.js:357-384) and the SDK accepts it; only the COCO, VOC and YOLO "
    "exports need the pixel size (SDK converter.py:600-605, behaviour notes §3.3 #7).",
)

BAD_FORMAT = Rule(
    "LC815",
    "invalid-value-format",
    Severity.ERROR,
    "A date, taxonomy path or pairwise side that the control cannot hold",
    "A DateTime value must follow the control's `format` (ISO 8601 by default), a Taxonomy path must "
    "exist in its tree from the root, a Pairwise choice is `left` or `right`.",
    '"taxonomy": [["Cat", "Plant"]]',
    '"taxonomy": [["Animal", "Cat"]]',
    "The editor cannot select a value its control does not have: an unparseable date, a Taxonomy "
    "path missing from the tree or a Pairwise side other than left/right is not shown and is lost "
    "on the next save; the SDK checks only the JSON type (validation notes §2.4). The editor side follows "
    "Choices.setResult (behaviour notes §2) and is not traced per control.",
)

DUPLICATE_ID = Rule(
    "LC816",
    "duplicate-region-id",
    Severity.ERROR,
    "Two results of one control share a region `id`",
    "Results with the same `id` describe the same region (a box and its per-region answers); two regions "
    "of one control with one id overwrite each other.",
    '[{"id": "a", "from_name": "box", ...}, {"id": "a", "from_name": "box", ...}]',
    '[{"id": "a", "from_name": "box", ...}, {"id": "b", "from_name": "box", ...}]',
    "The editor merges results that share an id into one region (that is how per-region answers "
    "attach), so a second region of the same control overwrites the first and one is lost; the SDK "
    "accepts duplicates (P19; the editor side is inferred).",
)

DANGLING_REFERENCE = Rule(
    "LC817",
    "dangling-region-reference",
    Severity.ERROR,
    "`parentID`, a relation or a per-region answer that points at no region",
    "Relations join two regions by id, `parentID` attaches a region to another, and a perRegion answer "
    "reuses its region's id; an id that matches no region is dropped.",
    '{"type": "relation", "from_id": "r1", "to_id": "zz", "direction": "right"}',
    '{"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right"}',
    "The SDK rejects a relation to a missing id (`'to_id' 'zz' not found in regions`, §2.3); the "
    "editor cannot attach a parentID or a per-region answer to a region that does not exist, so it "
    "is not shown.",
)

BAD_RELATION = Rule(
    "LC818",
    "invalid-relation",
    Severity.ERROR,
    "A relation with a bad direction or an undeclared label",
    "Relations have `direction` `right`, `left` or `bi`, and their labels must be `<Relation>` values of "
    "the config's `<Relations>`.",
    '{"type": "relation", "from_id": "a", "to_id": "b", "direction": "up"}',
    '{"type": "relation", "from_id": "a", "to_id": "b", "direction": "right"}',
    "The SDK rejects a direction other than left, right or bi (`Direction must be one of ...`, "
    "§2.3); the editor cannot select a relation label the config does not declare, so it is lost on "
    "the next save.",
)

UNANSWERED_REQUIRED = Rule(
    "LC819",
    "unanswered-required-control",
    Severity.ERROR,
    'An annotation without an answer for a `required="true"` control',
    "Label Studio refuses to submit such an annotation from its editor; imported annotations without the "
    "answer break the guarantee downstream code relies on.",
    '<Choices name="sentiment" toName="text" required="true">  +  an annotation with no choices result',
    'an annotation with a "sentiment" result',
    "The editor refuses to submit or update an annotation while a required control is unanswered "
    "(Annotation.validate, ED stores/AppStore.js:633-635,664-666); imported annotations are "
    "accepted but are blocked at their next update. A control hidden by `visibleWhen` is not owed "
    "(RequiredMixin skips it): a choice condition is decided from the annotation's own choices, and "
    "a region condition, which depends on the region selected, never makes the control owed.",
)

# --- LC9xx: records and files -----------------------------------------------------------------------

INVALID_JSON = Rule(
    "LC901",
    "invalid-json",
    Severity.ERROR,
    "A payload file or line that is not valid JSON",
    "Nothing in a broken line can be checked; the rest of the file still is.",
    '{"result": [}',
    '{"result": []}',
    "Label Studio's import refuses a file or line that does not parse as JSON; nothing in it "
    "reaches Label Studio.",
)

INVALID_RECORD = Rule(
    "LC902",
    "invalid-record",
    Severity.ERROR,
    "A prediction or annotation without a `result` list",
    "Predictions and annotations carry their results in a `result` list (an ML backend answers with "
    '`{"results": [...]}` around them); anything else is rejected at import (label-studio#7630).',
    '{"prediction": [...], "score": 0.9}',
    '{"result": [...], "score": 0.9, "model_version": "v1"}',
    "The SDK validator refuses it (`Missing required field 'result'`, `'result' must be a list`, "
    "validation notes §2.3), and an ML backend answer without a `results` list is rejected "
    "(label-studio#7630).",
)

INVALID_SCORE = Rule(
    "LC903",
    "invalid-score",
    Severity.ERROR,
    "A score that is not a number from 0 to 1",
    "Label Studio sorts and filters predictions by score; a percentage or a string is rejected or "
    "silently replaced by null.",
    '{"result": [...], "score": 87}',
    '{"result": [...], "score": 0.87}',
    "The SDK validator rejects a prediction score outside 0..1 (`Score must be between 0.00 and "
    "1.00 inclusive`, validation notes §2.3; raised on import when prediction validation is on); "
    "otherwise the backend stores a score that does not parse as null.",
)

RULES = (
    MISSING_DATA_KEY,
    WRONG_DATA_TYPE,
    EMPTY_DATA_VALUE,
    INVALID_TASK,
    INVALID_RESULT,
    UNKNOWN_FROM_NAME,
    INVALID_TO_NAME,
    WRONG_TYPE,
    MISSING_VALUE_KEY,
    WRONG_VALUE_TYPE,
    UNEXPECTED_VALUE_KEY,
    UNKNOWN_LABEL,
    LABEL_COUNT,
    OUT_OF_RANGE,
    OUTSIDE_IMAGE,
    BAD_GEOMETRY,
    BAD_SPAN,
    MISSING_IMAGE_SIZE,
    BAD_FORMAT,
    DUPLICATE_ID,
    DANGLING_REFERENCE,
    BAD_RELATION,
    UNANSWERED_REQUIRED,
    INVALID_JSON,
    INVALID_RECORD,
    INVALID_SCORE,
)
