"""LC0xx: reading the input. Emitted by the parser, before any tag is looked at."""

from __future__ import annotations

from .diagnostics import Rule, Severity

INVALID_XML = Rule(
    "LC001",
    "invalid-xml",
    Severity.ERROR,
    "The config is not well-formed XML",
    "Label Studio cannot load a config that does not parse; every syntax error is reported at once, "
    "with its line and column, so one run finds them all.",
    '<View>\n  <Text name="text" value="$text">\n</View>',
    '<View>\n  <Text name="text" value="$text"/>\n</View>',
    "The backend's validate_label_config parses with defusedxml (expat) and raises ValidationError "
    "with expat's message, e.g. `mismatched tag: line 1, column 37` (S2), and the editor's "
    "DOMParser error stops it loading (ED core/Tree.tsx treeToModel): the project cannot be saved.",
    refused=True,
)

DTD_FORBIDDEN = Rule(
    "LC002",
    "dtd-forbidden",
    Severity.ERROR,
    "The config declares a DTD or entities",
    "Label Studio's server refuses DTDs, and entity declarations are the vehicle of external-entity and "
    "billion-laughs attacks. labelconfig never expands or fetches them.",
    '<!DOCTYPE View [<!ENTITY t "$text">]>\n<View><Text name="text" value="&t;"/></View>',
    '<View><Text name="text" value="$text"/></View>',
    "The backend parses with defusedxml `forbid_dtd=True` and refuses any DTD with "
    "`DTDForbidden(...)` (validation notes S3, §5.4): the project cannot be saved.",
    refused=True,
)

BAD_ENCODING = Rule(
    "LC003",
    "bad-encoding",
    Severity.ERROR,
    "The file cannot be decoded as text",
    "Configs are Unicode text. Bytes that are not valid in the file's encoding (or an encoding name "
    "nobody knows) mean the file is not what it claims to be, or is not a config at all.",
    '<?xml version="1.0" encoding="klingon"?>\n<View/>',
    "<View>...</View>  (saved as UTF-8, no declaration)",
    "Label Studio takes the config as a Unicode string (`can only parse strings`, S1); bytes that "
    "do not decode cannot become that string, so no config reaches Label Studio and labelconfig "
    "cannot check it either.",
    refused=True,
)

TOO_LARGE = Rule(
    "LC004",
    "input-too-large",
    Severity.ERROR,
    "The input is larger than any labeling config should be",
    "Real configs are a few kilobytes. A limit on bytes and elements keeps a hostile or mistaken input "
    "(a data file, a generated bomb) from using time and memory.",
    "<View><View><View>... 50 MB ...</View></View></View>",
    "A config of normal size, or the right file.",
    "labelconfig's own limit, not Label Studio's: it refuses to parse more than 2 MB or 10,000 "
    "elements, so nothing in the input was checked (the server itself crashes with a "
    "RecursionError, HTTP 500, at about 150 nested levels; validation notes §5.1).",
    refused=True,
)

ENCODING_DECLARATION = Rule(
    "LC005",
    "encoding-declaration",
    Severity.ERROR,
    "An XML declaration names an encoding",
    "Label Studio parses configs from Unicode strings; lxml refuses a string that carries an "
    "`encoding=` declaration, and the server answers with an HTTP 500 instead of a message.",
    '<?xml version="1.0" encoding="UTF-8"?>\n<View>...</View>',
    "<View>...</View>",
    "lxml refuses a Unicode string that carries an encoding declaration (`ValueError: Unicode "
    "strings with encoding declaration are not supported`), and the backend's validate_label_config "
    "lets it escape as an HTTP 500 (validation notes §5.1): the project cannot be saved.",
    refused=True,
)

INVALID_INPUT = Rule(
    "LC006",
    "invalid-input",
    Severity.ERROR,
    "A JSON or YAML file that holds no readable config",
    "A project export must be JSON with a `label_config` string, a template YAML must have a `config:` "
    "key; otherwise there is nothing to check and the file is probably not what was meant.",
    '{"title": "My project", "label_config": }',
    '{"title": "My project", "label_config": "<View>...</View>"}',
    "There is no config to give Label Studio: its project API refuses a missing or empty "
    "label_config (`Label config is not set or is empty`, projects/api.py, S12).",
    refused=True,
)

INVALID_SUPPRESSION = Rule(
    "LC007",
    "invalid-suppression",
    Severity.WARNING,
    "A `labelconfig:` comment with an unknown keyword or rule code",
    "A misspelt directive (`ingore`, `ignore-files`) or a code that does not exist (`LC999`, `LC2O1`) "
    "silences nothing, while whoever wrote it believes the finding is dealt with.",
    '<!-- labelconfig: ingore LC201 -->\n<Image name="img" value="$image" legacyZoom="true"/>',
    '<!-- labelconfig: ignore LC201 -->\n<Image name="img" value="$image" legacyZoom="true"/>',
    "Label Studio ignores XML comments entirely; this is about labelconfig's own suppression comments, "
    "so it is a warning: the config works as written either way.",
)

RULES = (
    INVALID_XML,
    DTD_FORBIDDEN,
    BAD_ENCODING,
    TOO_LARGE,
    ENCODING_DECLARATION,
    INVALID_INPUT,
    INVALID_SUPPRESSION,
)
CHECKS = ()
