"""Controls that make regions: image tools, span labels, time ranges and video tracks."""

from __future__ import annotations

from .common import flag, labels_group, name_attr, smart, snap, to_name
from .model import Kind, Origin, ResultSpec, Status, TagSpec
from .values import IMAGE_EXTRA, RECTANGLE, labeled

_LABEL_CHILDREN = ("Label", "View", "Header", "HyperText")


RECTANGLE_LABELS = TagSpec(
    name="RectangleLabels",
    kind=Kind.CONTROL,
    status=Status.CORE,
    doc="Draw boxes on an image, each carrying labels.",
    editor_name="rectanglelabels",
    children=_LABEL_CHILDREN,
    options=("Label",),
    attrs=(
        name_attr(),
        to_name(("Image",)),
        *labels_group(stroke=(None, "#f48a42")),
        flag("canRotate", "Let annotators rotate boxes.", "true"),
        snap(),
        *smart(Origin.EDITOR),
    ),
    result=ResultSpec(
        type="rectanglelabels",
        targets=("Image",),
        enforced=True,
        value=labeled(RECTANGLE, "rectanglelabels"),
        extra=IMAGE_EXTRA,
        exports=("coco", "yolo", "yolo_obb", "voc"),
    ),
)

TAGS = (RECTANGLE_LABELS,)
