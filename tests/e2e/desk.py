"""Steps in the desk (the Django admin) that several journeys take."""

from playwright.sync_api import expect

# UserFactory's password, which every account in the journeys has.
PASSWORD = "correct horse battery staple"


def choose(page, select_id, text):
    """Pick `text` in an autocomplete field, typing part of it as an editor would."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(text[:4])
    results = page.locator(f"#select2-{select_id}-results")
    results.get_by_role("option", name=text, exact=True).click()
    expect(page.locator(f"#{select_id} option:checked", has_text=text)).to_have_count(1)


def run_action(page, action, *objects):
    """Select these rows of a change list and run one of its actions."""
    for name in objects:
        page.get_by_role("checkbox", name=f"Select this object for an action - {name}").check()
    actions(page).select_option(label=action)
    page.get_by_role("button", name="Go").click()


def actions(page):
    """A change list's menu of actions."""
    return page.locator("select[name=action]")


def expect_message(page, text):
    """The desk confirms (or refuses) what was just done in its message list."""
    expect(page.locator(".messagelist")).to_contain_text(text)


def row(page, name):
    """The change list's row for an object."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def field(page, label):
    """A form field by its label, which the desk prints with a colon ("Headline:")."""
    return page.get_by_label(f"{label}:", exact=True)


SELECTION = """editor => {
    const {doc, selection} = editor.editor.state;
    return {editor: doc.textBetween(selection.from, selection.to), page: getSelection().toString()};
}"""


def select_backwards(page, editor, text):
    """
    Select the `text` just typed in the rich-text editor with Shift+ArrowLeft.

    For a moment after it takes in typing the editor ignores selection
    changes, so a key press can be lost; the selection is read after each
    press, from the page and from the editor (whose selection the toolbar
    acts on), until both are exactly `text`.
    """
    for _ in range(4 * len(text)):
        selected = editor.evaluate(SELECTION)
        if selected["editor"] == selected["page"] == text:
            return
        if selected["page"] == text:
            # The editor missed the last change: move and come back so it reads it.
            page.keyboard.press("Shift+ArrowRight")
            page.keyboard.press("Shift+ArrowLeft")
        elif len(selected["page"]) < len(text):
            page.keyboard.press("Shift+ArrowLeft")
        else:
            page.keyboard.press("Shift+ArrowRight")
    raise AssertionError(f"Could not select {text!r} in the editor: {selected}")
