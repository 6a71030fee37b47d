"""Object tags: they show task data, and controls label them through `toName`."""

from __future__ import annotations

from .common import (
    EditorDefault,
    attr,
    color,
    css,
    enum,
    flag,
    hotkey,
    integer,
    length,
    listing,
    name_attr,
    number,
    reference,
    resolver,
    string,
    to_name,
    variable,
)
from .model import (
    ANY_OBJECT,
    UNSET,
    Attr,
    Children,
    DataSpec,
    F,
    Field,
    Kind,
    Need,
    Origin,
    ResultSpec,
    Role,
    Shape,
    Status,
    T,
    TagSpec,
    Text,
    ValueShape,
)

_REQ = Need.REQUIRED
_ED = Origin.EDITOR
_DOCS = Origin.DOCS
_SAVE_TEXT = ("yes", "no", "none")
_GRANULARITY = ("symbol", "word", "sentence", "paragraph")
# Tags whose playback position `sync` can tie together.
_MEDIA = ("Audio", "AudioPlus", "Video", "Paragraphs", "TimeSeries")


def _value(doc: str, origin: Origin = Origin.DOCS_EDITOR) -> Attr:
    """The required `$field` that points at the shown data."""
    return variable("value", doc, need=_REQ, exact=True, origin=origin)


def _sync(own: str) -> Attr:
    others = tuple(t for t in _MEDIA if t != own)
    return reference("sync", "Name of another media object whose playback follows this one.", refers=others)


def _text_like(extra: tuple[Attr, ...] = ()) -> tuple[Attr, ...]:
    """Attributes Text and HyperText share (one editor model backs both)."""
    return (
        name_attr(),
        attr("value", T.TEXT_OR_VARIABLE, "The content: a `$field`, or literal text.", need=_REQ, exact=True),
        *extra,
        enum("valueType", ("text", "url"), "Is `value` the content or a URL to it.", "text", exact=True),
        enum("saveTextResult", _SAVE_TEXT, "Keep the selected text in each result (`none`: by valueType)."),
        flag("selectionEnabled", "Let annotators select text to make regions.", "true"),
        flag("clickableLinks", "Let links in the content open.", "false"),
        color("highlightColor", "Highlight colour of regions (the label colour when unset)."),
        flag("showLabels", "Print label names beside regions (unset: follow the user setting)."),
        enum("encoding", ("none", "base64", "base64unicode"), "Decode the value before showing it.", "none"),
        enum("granularity", _GRANULARITY, "Snap selections to this unit.", "symbol"),
        resolver(),
    )


TEXT = TagSpec(
    name="Text",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="Plain text, for span labeling (NER) or as context for classification.",
    editor_name="text",
    children=Children.NONE,
    attrs=_text_like(),
    data=DataSpec("value", Shape.TEXT, {"text": "Opossums are marsupials."}),
    ignored={"style": "Text has no style attribute in the editor; wrap it in a <View style=...> instead."},
)

HYPER_TEXT = TagSpec(
    name="HyperText",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="HTML content to label spans in or just to show; may also hold literal markup as children.",
    editor_name="hypertext",
    children=Children.HTML,
    text=Text.HTML,
    # `name` stays required: the linter itself excuses a nameless HyperText used as markup in a control.
    attrs=(
        *_text_like((flag("inline", "Render the HTML in the page, not in an iframe.", "false"),)),
        flag("resolveUrls", "Presign storage URIs in fetched content (newer docs).", "true", origin=_DOCS),
        flag("sanitizeHtml", "Strip scripts from the HTML (one docs version).", "true", origin=_DOCS),
    ),
    data=DataSpec("value", Shape.HTML, {"html": "<h2>Terms</h2><p>Read <em>carefully</em>.</p>"}),
)


def _image_like(o: Origin, editor: bool) -> tuple[Attr, ...]:
    """The Image attributes; the Object3D draft page copies them, without the editor's own defaults."""

    def ed(value: str) -> EditorDefault:
        return value if editor else UNSET

    return (
        name_attr(),
        _value("Task field with the URL to show.", o),
        variable("valueList", "Task field with a list of URLs, shown as pages.", exact=True, origin=o),
        flag("smoothing", "Smooth pixels when zoomed in (unset: follow the user setting).", origin=o),
        length("width", "Display width.", "100%", origin=o),
        length("maxWidth", "Upper limit of the display width.", "750px", ed("100%"), origin=o),
        flag("zoom", "Zoom with the mouse wheel.", "false", ed("true"), origin=o),
        flag("negativeZoom", "Allow zooming out below 100%.", "false", origin=o),
        number("zoomBy", "Factor applied at each zoom step.", "1.1", origin=o),
        flag("grid", "Draw a grid over the picture.", "false", origin=o),
        integer("gridSize", "Grid spacing in pixels.", "30", origin=o),
        color("gridColor", "Colour of the grid lines.", "#EEEEF4", origin=o),
        flag("zoomControl", "Put zoom buttons in the toolbar.", "false", ed("true"), origin=o),
        flag("brightnessControl", "Put a brightness slider in the toolbar.", "false", origin=o),
        flag("contrastControl", "Put a contrast slider in the toolbar.", "false", origin=o),
        flag("rotateControl", "Put rotation buttons in the toolbar.", "false", origin=o),
        flag("crosshair", "Show a crosshair pointer over the picture.", "false", origin=o),
        enum("horizontalAlignment", ("left", "center", "right"), "Horizontal placement.", "left", origin=o),
        enum("verticalAlignment", ("top", "center", "bottom"), "Vertical placement.", "top", origin=o),
        enum("defaultZoom", ("auto", "original", "fit"), "Zoom mode on load.", "fit", origin=o),
        enum("crossOrigin", ("none", "anonymous", "use-credentials"), "CORS mode.", "none", origin=o),
    )


IMAGE = TagSpec(
    name="Image",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A picture (or a paged set of pictures) to draw regions on.",
    editor_name="image",
    children=Children.NONE,
    attrs=(
        *_image_like(Origin.DOCS_EDITOR, editor=True),
        length("height", "Display height.", origin=_ED),
        length("maxHeight", "Upper limit of the display height.", None, "calc(100vh - 194px)", origin=_ED),
        flag("showLabels", "Undocumented: print label names beside regions.", None, "false", origin=_ED),
        flag("selectionControl", "Undocumented: offer the selection tool.", None, "true", origin=_ED),
        flag("lazyOff", "Undocumented: load the picture eagerly.", None, "false", origin=_ED),
        number("resize", "Undocumented, legacy scaling factor.", origin=_ED),
    ),
    data=DataSpec(
        "value", Shape.URL, {"image": "https://example.com/street.jpg"}, list_attribute="valueList"
    ),
    one_of=(("value", "valueList"),),
    ignored={"className": "Image does not read a class attribute; style a surrounding <View> instead."},
)


def _audio(own: str) -> tuple[Attr, ...]:
    """One editor model serves Audio and its old name AudioPlus."""
    return (
        name_attr(),
        _value("Task field with the audio file URL."),
        hotkey(doc="Key that starts and pauses playback."),
        _sync(own),
        number("defaultspeed", "Playback rate on load.", "1"),
        number("defaultscale", "Vertical waveform scale on load.", "1"),
        number("defaultzoom", "Horizontal waveform zoom on load.", "1"),
        number("defaultvolume", "Volume on load, 0 to 1.", "1"),
        integer("height", "Height of the whole player in pixels.", "96"),
        integer("waveheight", "Least height of each channel's waveform when split.", "32"),
        flag("spectrogram", "Show the spectrogram from the start.", "false"),
        flag("splitchannels", "Draw every audio channel on its own (costs memory).", "false"),
        enum(
            "decoder", ("webaudio", "ffmpeg", "none"), "`none` loads fast but shows no waveform.", "webaudio"
        ),
        enum("player", ("html5", "webaudio"), "Engine that plays the sound.", "html5"),
        integer("cursorwidth", "Play cursor width in pixels.", "1", "2"),
        color("cursorcolor", "Play cursor colour.", "#333"),
        flag("zoom", "Undocumented: show the zoom slider.", None, "true", origin=_ED),
        flag("volume", "Undocumented: show the volume control.", None, "true", origin=_ED),
        flag("speed", "Undocumented: show the speed control.", None, "true", origin=_ED),
        flag("muted", "Undocumented: start with no sound.", None, "false", origin=_ED),
        flag("showLabels", "Undocumented: print labels on segments.", None, "false", origin=_ED),
        flag("showScores", "Undocumented: print prediction scores on segments.", None, "false", origin=_ED),
        flag("autoCenter", "Undocumented: keep the cursor centred in playback.", None, "true", origin=_ED),
        flag("scrollParent", "Undocumented: scroll the waveform in playback.", None, "true", origin=_ED),
        resolver(),
    )


AUDIO = TagSpec(
    name="Audio",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A sound file with its waveform, for labeling time segments.",
    editor_name="audio",
    children=Children.NONE,
    attrs=_audio("Audio"),
    data=DataSpec("value", Shape.URL, {"audio": "https://example.com/interview.mp3"}),
)

AUDIO_PLUS = TagSpec(
    name="AudioPlus",
    kind=Kind.OBJECT,
    status=Status.LEGACY_ALIAS,
    doc="Old name of Audio, still registered with the same model.",
    editor_name="audioplus",
    children=Children.NONE,
    attrs=_audio("AudioPlus"),
    data=DataSpec("value", Shape.URL, {"audio": "https://example.com/interview.mp3"}),
    alias_of="Audio",
)

VIDEO = TagSpec(
    name="Video",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A video with a frame timeline, for classification, box tracking and time spans.",
    editor_name="video",
    children=Children.NONE,
    attrs=(
        name_attr(),
        _value("Task field with the video file URL."),
        attr("frameRate", T.NUMBER_OR_VARIABLE, "Frames per second, a number or a `$field`.", default="24"),
        _sync("Video"),
        flag("muted", "Start with no sound.", "false"),
        integer("height", "Player height in pixels.", "600"),
        integer("timelineHeight", "Height of the region timeline in pixels.", "64", None),
        # The server validates both speeds (through the SDK) to 0.05..10 and rejects the config otherwise.
        number("defaultPlaybackSpeed", "Playback rate on load.", "1", min=0.05, max=10),
        number(
            "minPlaybackSpeed",
            "Lowest rate on offer; not above defaultPlaybackSpeed.",
            "1",
            "0.25",
            min=0.05,
            max=10,
        ),
        hotkey(doc="Undocumented: key that starts and pauses playback.", origin=_ED),
        resolver(),
    ),
    data=DataSpec("value", Shape.URL, {"video": "https://example.com/traffic.mp4"}),
)

PARAGRAPHS = TagSpec(
    name="Paragraphs",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A list of utterances (who said what), such as a dialogue, optionally tied to audio.",
    editor_name="paragraphs",
    children=Children.NONE,
    attrs=(
        name_attr(),
        _value("Task field with the utterances, or a URL to them."),
        enum("valueType", ("json", "url"), "Utterances inline, or fetched from a URL.", "json", exact=True),
        variable("audioUrl", "Sound to play along, using each item's start/end/duration."),
        _sync("Paragraphs"),
        flag("showPlayer", "Put an audio player above the list (not when synced to Audio).", "false"),
        enum("saveTextResult", _SAVE_TEXT, "Keep the selected text in results.", "yes"),
        enum("layout", ("none", "dialogue"), "Plain list or chat-style bubbles.", "none"),
        string("nameKey", "Item key holding the speaker.", "author"),
        string("textKey", "Item key holding the utterance.", "text"),
        flag("contextScroll", "Follow the playing utterance by scrolling (feature-flagged).", "false"),
        color("highlightColor", "Undocumented: region highlight colour.", origin=_ED),
        flag("showLabels", "Undocumented: print labels beside regions.", None, "false", origin=_ED),
    ),
    data=DataSpec(
        "value",
        Shape.PARAGRAPHS,
        {
            "dialogue": [
                {"author": "Agent", "text": "How can I help?"},
                {"author": "Caller", "text": "It broke."},
            ]
        },
    ),
    ignored={"granularity": "Paragraphs does not read granularity (only Text, HyperText and Label do)."},
)

TIME_SERIES = TagSpec(
    name="TimeSeries",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="Numeric channels plotted against time, for labeling time ranges.",
    editor_name="timeseries",
    children=("Channel", "MultiChannel", "View", "HyperText"),
    attrs=(
        name_attr(),
        _value("Task field with a CSV URL or, with valueType=json, an object of columns."),
        enum("valueType", ("url", "json"), "How to read `value`.", "url", exact=True),
        _sync("TimeSeries"),
        color("cursorColor", "Synced playback cursor colour.", None, "var(--color-neutral-inverted-surface)"),
        string("timeColumn", "Column (name or index) with the time axis; 0..n-1 when absent."),
        string("timeFormat", "strftime pattern to parse the time values with."),
        string("timeDisplayFormat", "How tick labels are printed (strftime or d3-format)."),
        string("durationDisplayFormat", "How the length of a selected range is printed.", None, ".0f"),
        string("sep", "Field separator of the CSV file.", ","),
        listing("overviewChannels", "Channels (names or indexes, comma-separated) drawn in the overview."),
        length("overviewWidth", "Initial width of the overview window.", "25%"),
        flag("fixedScale", "Scale y to the global maximum rather than the visible part.", "false"),
        flag("multiAxis", "Undocumented: draw the channels in one view.", None, "false", origin=_ED),
        hotkey(doc="Undocumented keyboard shortcut.", origin=_ED),
    ),
    data=DataSpec("value", Shape.TIMESERIES, {"csv": "https://example.com/sensors.csv"}),
)


def _plot(show_axis: tuple[str | None, EditorDefault], show_y_origin: Origin) -> tuple[Attr, ...]:
    """Plot settings Channel and MultiChannel share (their defaults differ)."""
    return (
        integer("height", "Plot height in pixels.", "200"),
        flag("showAxis", "Draw both axes.", show_axis[0], show_axis[1]),
        flag("showYAxis", "Draw the y axis.", "true", origin=show_y_origin),
        flag("fixedScale", "Override the TimeSeries fixedScale for this plot."),
    )


_MARKERS = ("circle", "square", "triangle", "triangleUp", "triangleDown")
_CURVES = (
    "curvebasis",
    "curveBasisOpen",
    "curveBundle",
    "curveCardinal",
    "curveCardinalOpen",
    "curveCatmullRom",
    "curveCatmullRomOpen",
    "curveLinear",
    "curveMonotoneX",
    "curveMonotoneY",
    "curveNatural",
    "curveRadial",
    "curveStep",
    "curveStepAfter",
    "curveStepBefore",
)

CHANNEL = TagSpec(
    name="Channel",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="One plotted column of a TimeSeries.",
    editor_name="channel",
    parents=("TimeSeries", "MultiChannel"),
    children=Children.NONE,
    attrs=(
        string("column", "Column to plot, by name (by index in a headerless CSV).", need=_REQ),
        string("legend", "Name shown for the channel."),
        string("units", "Unit printed next to values."),
        string("displayFormat", "d3-format pattern for values.", None, ".1f"),
        string("timeRange", "Fixed range of the x axis."),
        string("dataRange", "Fixed range of the y axis."),
        color("strokeColor", "Line colour.", "#f48a42", ""),
        number("strokeWidth", "Line width.", "1"),
        color("markerColor", "Colour of point markers.", "#f48a42", ""),
        number("markerSize", "Size of point markers; 0 draws none.", "0"),
        enum("markerSymbol", _MARKERS, "Marker shape.", "circle"),
        *_plot((None, "true"), _ED),
        enum("interpolation", _CURVES, "Undocumented: d3 curve of the line.", None, "curveStep", origin=_ED),
    ),
)

MULTI_CHANNEL = TagSpec(
    name="MultiChannel",
    kind=Kind.OBJECT,
    status=Status.UNDOCUMENTED,
    doc="Puts several Channel tags of a TimeSeries on one plot.",
    editor_name="multichannel",
    parents=("TimeSeries",),
    children=("Channel",),
    attrs=_plot(("true", UNSET), Origin.DOCS_EDITOR),
)

TABLE = TagSpec(
    name="Table",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A read-only table made from an object or a list in the task.",
    editor_name="table",
    children=Children.NONE,
    attrs=(
        name_attr(),
        _value("Task field with the table contents."),
        string("valueType", "Type of `value`; only `json` is understood.", "json", exact=True),
        resolver(),
    ),
    data=DataSpec("value", Shape.TABLE, {"row": {"City": "Lisbon", "Population": 545000}}),
)

LIST = TagSpec(
    name="List",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A list of items (id, title, body or html), mostly for Ranker to sort.",
    editor_name="list",
    children=Children.NONE,
    attrs=(
        name_attr(),
        _value("Task field with the items."),
        string("title", "Caption shown above the list.", ""),
        resolver(),
    ),
    data=DataSpec(
        "value",
        Shape.LIST_ITEMS,
        {
            "items": [
                {"id": "r1", "title": "Result one", "body": "First hit"},
                {"id": "r2", "title": "Result two"},
            ]
        },
    ),
)

PDF = TagSpec(
    name="Pdf",
    kind=Kind.OBJECT,
    status=Status.CORE,
    doc="A PDF document to annotate as a whole.",
    editor_name="pdf",
    children=Children.NONE,
    attrs=(name_attr(), _value("Task field with the PDF URL."), resolver()),
    data=DataSpec("value", Shape.URL, {"pdf": "https://example.com/report.pdf"}),
)

CHAT = TagSpec(
    name="Chat",
    kind=Kind.OBJECT,
    status=Status.ENTERPRISE,
    doc="A conversation annotators can add messages to (an LLM may reply); it is its own control too.",
    editor_name="chat",
    children=Children.NONE,
    attrs=(
        name_attr(),
        _value("Task field with the messages.", _DOCS),
        to_name((ANY_OBJECT,), need=Need.OPTIONAL, origin=_DOCS, doc="Its own name (self-labeling)."),
        string("llm", "Model answering as assistant, as `provider/model`.", origin=_DOCS),
        listing("messageRoles", "Roles to choose from for new messages.", "user,assistant", origin=_DOCS),
        attr("minMessages", T.INTEGER_OR_VARIABLE, "Fewest messages before submitting.", origin=_DOCS),
        attr("maxMessages", T.INTEGER_OR_VARIABLE, "Most messages the chat may hold.", origin=_DOCS),
        attr(
            "editable", T.BOOLEAN_OR_LIST, "`true`, or roles whose new messages stay editable.", origin=_DOCS
        ),
    ),
    data=DataSpec(
        "value",
        Shape.CHAT,
        {"messages": [{"role": "user", "content": "What is 2 + 2?"}, {"role": "assistant", "content": "4."}]},
    ),
    result=ResultSpec(
        type="chatmessage",
        targets=(ANY_OBJECT,),
        value=ValueShape(
            (
                Field(
                    "chatmessage",
                    F.OBJECT,
                    "The added message: role, content and optional createdAt (ms).",
                    items=ValueShape(
                        (
                            Field("role", F.STRING, "Who speaks: user, assistant ...", example="assistant"),
                            Field("content", F.STRING, "The message text.", example="Sample reply."),
                        ),
                        open=True,
                    ),
                ),
            )
        ),
        role=Role.CLASSIFICATION,
        self_referencing=True,
    ),
)

REACT_CODE = TagSpec(
    name="ReactCode",
    kind=Kind.OBJECT,
    status=Status.ENTERPRISE,
    doc="A custom React component (the element text) that serves as the labeling UI (beta).",
    editor_name="reactcode",
    children=Children.NONE,
    text=Text.REQUIRED,
    attrs=(
        name_attr(),
        to_name((ANY_OBJECT,), need=Need.OPTIONAL, origin=_DOCS, doc="Its own name, or an object it labels."),
        variable("data", "Task field handed to the component (the whole task when absent).", origin=_DOCS),
        attr("inputs", T.JSON, "JSON schema of the input data.", origin=_DOCS),
        string("outputs", "Fields the component produces, as a typed list or a JSON schema.", origin=_DOCS),
        css(doc="Inline CSS for the iframe's container.", origin=_DOCS),
        string("classname", "Extra CSS classes for the wrapper.", origin=_DOCS),
    ),
    data=DataSpec("data", Shape.ANY, {"item": {"prompt": "Rate the reply", "reply": "Sure thing!"}}),
    result=ResultSpec(
        type="reactcode",
        targets=(ANY_OBJECT,),
        value=ValueShape(
            (Field("reactcode", F.OBJECT, "Whatever JSON the component passed to addRegion().", example={}),)
        ),
        self_referencing=True,
    ),
)

OBJECT_3D = TagSpec(
    name="Object3D",
    kind=Kind.OBJECT,
    status=Status.DOCS_ONLY,
    doc="Unreleased draft for showing 3D models; no Label Studio version accepts it.",
    children=Children.NONE,
    attrs=_image_like(Origin.DOCS, editor=False),
    data=DataSpec("value", Shape.URL, {"model": "https://example.com/chair.obj"}, list_attribute="valueList"),
    one_of=(("value", "valueList"),),
)

HTML = TagSpec(
    name="HTML",
    kind=Kind.OBJECT,
    status=Status.LEGACY,
    doc="Ancient name of HyperText; current editors reject it.",
    children=Children.NONE,
    attrs=(name_attr(), _value("Task field with the HTML.", _DOCS)),
    data=DataSpec("value", Shape.HTML, {"html": "<p>Old markup</p>"}),
    replacement="HyperText",
)

TAGS = (
    TEXT,
    HYPER_TEXT,
    IMAGE,
    AUDIO,
    AUDIO_PLUS,
    VIDEO,
    PARAGRAPHS,
    TIME_SERIES,
    CHANNEL,
    MULTI_CHANNEL,
    TABLE,
    LIST,
    PDF,
    CHAT,
    REACT_CODE,
    OBJECT_3D,
    HTML,
)
