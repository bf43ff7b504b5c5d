import pytest

from organizations.models import Organization
from richtext.fields import sanitize_html
from richtext.text import plain_text


class TestDangerousMarkupIsRemoved:
    def test_script_and_its_content_are_removed(self):
        cleaned = sanitize_html('<p>Before<script>document.location="https://x"</script>After</p>')

        assert cleaned == "<p>BeforeAfter</p>"

    def test_event_handler_attributes_are_removed(self):
        cleaned = sanitize_html(
            '<p onclick="steal()" onmouseover="steal()">Text</p>'
            '<a href="https://mila.quebec" onfocus="steal()">Mila</a>'
        )

        assert "on" not in cleaned.replace("noopener", "")
        assert "steal" not in cleaned
        assert "<p>Text</p>" in cleaned
        assert 'href="https://mila.quebec"' in cleaned

    @pytest.mark.parametrize(
        "href",
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "JAVASCRIPT:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;&#x61;vascript&colon;alert(1)",
            "javascript&#58;alert(1)",
            "java&#x09;script:alert(1)",
            "jav&NewLine;ascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\rscript:alert(1)",
            " javascript:alert(1)",
            "\x01javascript:alert(1)",
            "\tjavascript:alert(1)",
            "vbscript:msgbox(1)",
        ],
    )
    def test_script_links_lose_their_address(self, href):
        cleaned = sanitize_html(f'<p><a href="{href}">Click me</a></p>')

        assert "href" not in cleaned
        assert "Click me" in cleaned

    @pytest.mark.parametrize(
        "href",
        [
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "DATA:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
        ],
    )
    def test_data_links_lose_their_address(self, href):
        cleaned = sanitize_html(f'<a href="{href}">Open</a>')

        assert "href" not in cleaned
        assert "data:" not in cleaned.lower()

    def test_style_attributes_and_style_elements_are_removed(self):
        cleaned = sanitize_html(
            '<style>body { display: none }</style><p style="position:fixed;top:0">Text</p>'
        )

        assert cleaned == "<p>Text</p>"

    @pytest.mark.parametrize(
        "markup",
        [
            '<iframe src="https://evil.example"></iframe>',
            '<img src="x" onerror="alert(1)">',
            '<img src="https://example.com/photo.jpg" alt="A photo">',
            '<svg onload="alert(1)"><circle r="10"/></svg>',
            '<object data="movie.swf"></object>',
            '<form action="https://evil.example"><input name="password"></form>',
        ],
    )
    def test_embedded_content_is_removed(self, markup):
        cleaned = sanitize_html(f"<p>Text</p>{markup}")

        assert cleaned == "<p>Text</p>"

    def test_comments_are_removed(self):
        assert sanitize_html("<!-- internal note --><p>Text</p>") == "<p>Text</p>"


class TestAllowedMarkupIsKept:
    @pytest.mark.parametrize(
        "markup",
        [
            "<p>Paragraph</p>",
            "<h2>Section heading</h2>",
            "<h3>Subheading</h3>",
            "<h4>Minor heading</h4>",
            "<p><strong>Bold</strong> and <em>italic</em></p>",
            "<ul><li>One</li><li>Two</li></ul>",
            "<ol><li>First</li><li>Second</li></ol>",
            "<blockquote><p>Quoted</p></blockquote>",
            "<figure><figcaption>Caption</figcaption></figure>",
            "<p>Line<br>break</p>",
        ],
    )
    def test_newsroom_markup_survives_unchanged(self, markup):
        assert sanitize_html(markup) == markup

    @pytest.mark.parametrize(
        "href",
        ["https://mila.quebec", "http://www.vinnova.se/en/", "mailto:desk@newsroom.example"],
    )
    def test_web_and_mail_links_keep_their_address(self, href):
        cleaned = sanitize_html(f'<p><a href="{href}" title="Source">Source</a></p>')

        assert f'href="{href}"' in cleaned
        assert 'title="Source"' in cleaned
        assert 'rel="noopener noreferrer"' in cleaned

    @pytest.mark.parametrize("tag", ["h1", "h5", "h6"])
    def test_headings_outside_the_editor_levels_keep_only_their_text(self, tag):
        cleaned = sanitize_html(f"<{tag}>Big title</{tag}><p>Text</p>")

        assert f"<{tag}" not in cleaned
        assert cleaned == "Big title<p>Text</p>"

    def test_text_inside_dropped_elements_is_kept(self):
        assert sanitize_html("<p><span class='x'>Kept</span> <u>too</u></p>") == "<p>Kept too</p>"

    def test_sanitizing_twice_changes_nothing(self):
        once = sanitize_html('<p>See <a href="https://mila.quebec">Mila</a></p>')

        assert sanitize_html(once) == once

    @pytest.mark.parametrize("empty", [None, "", "<p></p>", "<p><br></p>", "  <p></p>  "])
    def test_an_empty_document_is_stored_as_empty(self, empty):
        assert sanitize_html(empty) == ""


class TestRichTextField:
    def test_editor_input_is_sanitized_when_the_form_is_validated(self):
        # Model forms call the model field's clean() through full_clean().
        field = Organization._meta.get_field("about")

        assert field.clean('<p onclick="x()">Text<script>1</script></p>', None) == "<p>Text</p>"


def test_plain_text_keeps_blocks_apart_and_reads_entities():

    html = "<h2>Funding</h2><p>Vinnova &amp; AI&nbsp;Sweden.</p><ul><li>One</li><li>Two</li></ul>"

    assert plain_text(html) == "Funding Vinnova & AI Sweden. One Two"
    assert plain_text("") == plain_text(None) == ""
