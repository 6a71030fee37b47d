"""What a form may load: exactly its objects' media (Hypothesis over URLs), never task-HTML images."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.render import render_html
from labelconfig.render.offline import sanitize

CONFIG = labelconfig.parse('<View><Image name="i" value="$i"/><HyperText name="h" value="$h"/></View>')
# A CSP source expression as this page writes them: a keyword, a scheme, or an origin with a path.
SOURCE = re.compile(r"'self'|data:|blob:|file:|https?://[^\s;,']+")


def _directive(page: str, name: str) -> list[str]:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    policy = html.unescape(csp.group(1))  # as the browser reads the attribute
    (directive,) = [d.split()[1:] for d in policy.split(";") if d.split()[:1] == [name]]
    return directive


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "HTTPS", "file", "data", "ftp", ""]),
    host=st.from_regex(r"[a-z0-9.-]{1,20}(:[0-9]{1,5})?", fullmatch=True) | st.text(max_size=20),
    path=st.text(max_size=30),
)
def test_csp_lists_only_well_formed_sources_covering_the_image(scheme: str, host: str, path: str) -> None:
    url = f"{scheme}://{host}/{path}" if scheme else path
    page = render_html(CONFIG, {"i": url, "h": "<p>x</p>"})
    sources = _directive(page, "img-src")
    assert sources[:2] == ["data:", "blob:"]
    assert all(SOURCE.fullmatch(s) for s in sources)
    if scheme.lower() in ("http", "https") and re.fullmatch(r"[a-z0-9][a-z0-9.-]*(:[0-9]{1,4})?", host):
        name, _, port = host.partition(":")
        origin = f"{scheme.lower()}://{name}{f':{int(port)}' if port else ''}"
        assert any(s == origin or s.startswith(origin + "/") for s in sources)
    assert not any(s in ("http:", "https:", "*") for s in sources)


@given(
    srcs=st.lists(st.sampled_from(["http://t.example/p.png", "https://a/b", "/local.png", "x"]), max_size=5)
)
def test_task_html_images_are_never_loaded_and_counted(srcs: list[str]) -> None:
    clean = sanitize("".join(f'<p>t</p><img src="{s}" alt="pic {i}">' for i, s in enumerate(srcs)))
    assert "src=" not in str(clean.html)
    assert clean.remote_images == len(srcs)
    assert str(clean.html).count("<img") == len(srcs)  # the alt text stays to read


def test_links_open_in_a_new_tab() -> None:
    clean = sanitize('<a href="https://example.org/x">x</a>')
    assert 'target="_blank"' in str(clean.html) and 'rel="noopener noreferrer"' in str(clean.html)
