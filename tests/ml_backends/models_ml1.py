"""Model classes served by the real label-studio-ml 1.0.9 (tests/test_backend_real.py): one that
honours the contract, and one per broken rule. They run in the label-studio-ml environment, not in
the test environment, so they import only what that environment has.

The config they are written for: tests/fixtures/backend/config_boxes.xml (an Image `image`, a
RectangleLabels `label` with Car and Person).
"""

from __future__ import annotations

import contextlib
import urllib.request

from label_studio_ml.model import LabelStudioMLBase


def box(x: float = 10, from_name: str = "label") -> dict:
    return {
        "from_name": from_name,
        "to_name": "image",
        "type": "rectanglelabels",
        "original_width": 640,
        "original_height": 480,
        "value": {"x": x, "y": 20, "width": 30, "height": 40, "rotation": 0, "rectanglelabels": ["Car"]},
    }


class GoodModel(LabelStudioMLBase):
    """One box per task; task files under /data/ are fetched the 1.x way (`get_local_path` with the
    hostname and access token /setup passed), so the media server sees the token."""

    def predict(self, tasks, **kwargs):
        predictions = []
        for task in tasks:
            image = task["data"]["image"]
            if image.startswith("/data/"):
                with open(self.get_local_path(image), "rb") as fh:
                    assert fh.read(4) == b"\x89PNG"
            predictions.append({"result": [box()], "score": 0.87})
        return predictions


class WrongFromName(LabelStudioMLBase):
    def predict(self, tasks, **kwargs):
        return [{"result": [box(from_name="labels")], "score": 0.5} for _ in tasks]


class FewerResults(LabelStudioMLBase):
    """Drops the last task of a batch (a filter that skips images it cannot read)."""

    def predict(self, tasks, **kwargs):
        return [{"result": [box()], "score": 0.5} for _ in tasks[: max(1, len(tasks) - 1)]]


class EmptyResults(LabelStudioMLBase):
    def predict(self, tasks, **kwargs):
        return []


class Raises(LabelStudioMLBase):
    def predict(self, tasks, **kwargs):
        return [{"result": [box()], "score": task["data"]["photo"]} for task in tasks]


class OutOfRange(LabelStudioMLBase):
    """Pixel coordinates where Label Studio wants percentages."""

    def predict(self, tasks, **kwargs):
        return [{"result": [box(x=320)], "score": 0.5} for _ in tasks]


class FetchesWithoutToken(LabelStudioMLBase):
    """Downloads the task's file from the hostname /setup sent, but without the access token."""

    def predict(self, tasks, **kwargs):
        for task in tasks:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.hostname + task["data"]["image"], timeout=5).read()
        return [{"result": [], "score": 0} for _ in tasks]
