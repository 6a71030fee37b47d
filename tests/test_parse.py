"""The AST: positions of elements and attributes, typed access, equality without positions."""

from __future__ import annotations

import labelconfig
from labelconfig.parse import parse_source
from labelconfig.source import Position, Source


def root_of(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_source(Source(text))
    assert parsed.root is not None, parsed.diagnostics
    return parsed.root


def test_multiline_start_tag_positions() -> None:
    text = '<View>\n  <Choices\n     name="c"\n     toName="t">\n    <Choice value="é à"/></Choices>\n</View>'
    root = root_of(text)
    choices = root.children[0]
    # lxml's sourceline would say 4 (the last line of the start tag); the `<` is on line 2.
    assert choices.span.start == Position(2, 3)
    assert choices.get("toName").value_span.start == Position(4, 14)
    assert choices.get("name").span.start == Position(3, 6)
    choice = choices.children[0]
    value = choice.get("value")
    assert value.value == "é à"
    assert value.value_span.start == Position(5, 20)
    assert value.value_span.end == Position(5, 23)
    assert choice.path == "/View[1]/Choices[1]/Choice[1]"
    assert value.path == "/View[1]/Choices[1]/Choice[1]/@value"


def test_positions_after_comments_cdata_and_quotes() -> None:
    text = (
        "<View><!-- <Fake a='1'/> -->\n"
        "<Header><![CDATA[<NotATag/>]]></Header>\n"
        "<Text name='a>b' value=\"$x\"/><?pi <Nope/>?><Text name=\"second\" value='$y'/></View>"
    )
    root = root_of(text)
    header, first, second = root.children
    assert header.span.start == Position(2, 1)
    assert first.get("name").value == "a>b"
    assert first.span.start == Position(3, 1)
    line3 = text.splitlines()[2]
    assert second.span.start == Position(3, line3.index('<Text name="second"') + 1)
    assert second.get("value").value_span.start == Position(3, line3.index("$y") + 1)


def test_equality_ignores_layout() -> None:
    a = root_of('<View><Text name="t" value="$t"/></View>')
    b = root_of("<View>\n\n   <Text   name='t'\n value='$t' />\n</View>")
    assert a == b
    assert a != root_of('<View><Text name="t" value="$u"/></View>')


def test_typed_access_and_defaults() -> None:
    cfg = labelconfig.parse(
        '<View><Image name="img" value="$image" zoom="false"/>'
        '<RectangleLabels name="box" toName="img" opacity="0.4">'
        '<Label value="Car" hotkey="c"/><Label value="Person" alias="P"/></RectangleLabels>'
        '<Rating name="r" toName="img" maxRating="7"/></View>'
    )
    assert cfg.ok, cfg.diagnostics
    box = cfg.controls["box"]
    assert box.attr("opacity") == 0.4
    assert box.attr("canRotate") is True  # documented default
    assert box.labels == ("Car", "P")
    assert [o.value for o in box.options] == ["Car", "Person"]
    assert box.options[0].attr("hotkey") == "c"
    assert cfg.controls["r"].attr("maxRating") == 7
    assert cfg.objects["img"].attr("zoom") is False
    assert cfg.objects["img"].variable == "image"
    assert cfg.controls["box"].result_type == "rectanglelabels"


def test_taxonomy_options_keep_their_paths() -> None:
    cfg = labelconfig.parse(
        '<View><Text name="t" value="$t"/><Taxonomy name="tax" toName="t">'
        '<Choice value="Animal"><Choice value="Cat"/><Choice value="Dog"/></Choice>'
        '<Choice value="Plant"><Choice value="Cat"/></Choice></Taxonomy></View>'
    )
    assert cfg.ok, cfg.diagnostics  # "Cat" twice is fine: the paths differ
    assert [(o.path, o.value) for o in cfg.controls["tax"].options] == [
        ((), "Animal"),
        (("Animal",), "Cat"),
        (("Animal",), "Dog"),
        ((), "Plant"),
        (("Plant",), "Cat"),
    ]


def test_variables_include_repeater_and_embedded_references() -> None:
    cfg = labelconfig.parse(
        '<View><Header value="Review of $product"/>'
        '<Repeater on="$pages"><Image name="p_{{idx}}" value="$pages[{{idx}}].url"/>'
        '<Choices name="c_{{idx}}" toName="p_{{idx}}"><Choice value="ok"/></Choices></Repeater></View>'
    )
    assert cfg.ok, cfg.diagnostics
    assert cfg.variables == ("product", "pages", "pages[{{idx}}].url")
    assert {u.key for u in cfg.variable_uses} == {"product", "pages"}


def test_hypertext_markup_is_not_config() -> None:
    cfg = labelconfig.parse(
        '<View><HyperText name="h" value="$html"><p class="x"><b>Bold</b> <Foo/></p></HyperText>'
        '<Labels name="l" toName="h"><Label value="A"/></Labels></View>'
    )
    assert cfg.diagnostics == ()  # <Foo> inside the HTML is markup, not an unknown tag


def test_strict_raises_with_every_diagnostic() -> None:
    try:
        labelconfig.parse("<View><Choices name='c'/></View>", strict=True)
    except labelconfig.ConfigError as exc:
        assert {d.code for d in exc.diagnostics} == {"LC207", "LC401"}
        assert str(exc).startswith("<string>:1:7: LC207")
    else:  # pragma: no cover
        raise AssertionError("strict parse did not raise")


def test_bytes_input_and_filename() -> None:
    cfg = labelconfig.parse("<View><Chioce/></View>".encode("utf-16"), filename="x.xml")
    [no_control, unknown] = cfg.diagnostics
    assert (unknown.code, unknown.file, unknown.suggestion) == ("LC102", "x.xml", "Choice")
    assert no_control.code == "LC111"


def test_load_reads_xml_project_exports_and_templates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    xml = (
        '<View>\n  <Text name="t" value="$t"/>\n'
        '  <Choices name="c" toName="x"><Choice value="A"/></Choices>\n</View>'
    )
    (tmp_path / "c.xml").write_text(xml)
    (tmp_path / "p.json").write_text(json.dumps({"id": 1, "label_config": xml}, indent=2))
    (tmp_path / "t.yml").write_text(
        "title: x\nconfig: |\n" + "".join(f"  {line}\n" for line in xml.splitlines())
    )
    lines = {"c.xml": 3, "p.json": 3, "t.yml": 5}
    for name, line in lines.items():
        cfg = labelconfig.load(str(tmp_path / name))
        [d] = cfg.diagnostics
        assert (d.code, d.line) == ("LC302", line), name
        assert list(cfg.controls) == ["c"]
    try:
        labelconfig.load(str(tmp_path / "missing.xml"))
    except OSError as exc:
        assert "missing.xml" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("no OSError for a missing file")
