// The desk's fixes to the admin's script-built controls. Names, so screen
// readers can say what each one is: the rich-text editor and the
// autocompletes (select2) build their inputs after the page loads and rebuild
// parts on every change, so the names are given again whenever the form
// changes. Then slugs that keep dashed words apart, and the caret after a
// link the editor has just made.
"use strict";

(function () {
  function fieldLabel(element) {
    // The row's own <label>: Django renders one per field, for its input.
    const row = element.closest(".form-row, .fieldBox, td");
    const label = row && row.querySelector("label");
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = "label-" + (label.htmlFor || Math.random().toString(36).slice(2));
    }
    return label;
  }

  function nameBy(element, label, extra) {
    const ids = [label.id, extra].filter(Boolean).join(" ");
    if (element.getAttribute("aria-labelledby") !== ids) {
      element.setAttribute("aria-labelledby", ids);
    }
  }

  function fix(root) {
    // The rich-text editor's editing area.
    root.querySelectorAll(".ProseMirror[contenteditable]").forEach(function (editor) {
      const label = fieldLabel(editor);
      if (label) {
        nameBy(editor, label);
      }
    });
    // A single-choice autocomplete: the field's name, then what is chosen.
    root.querySelectorAll(".select2-selection--single").forEach(function (box) {
      const label = fieldLabel(box);
      const chosen = box.querySelector(".select2-selection__rendered");
      if (label) {
        nameBy(box, label, chosen && chosen.id);
        // The chosen value is a read-only textbox of its own.
        if (chosen && chosen.id) {
          nameBy(chosen, label, chosen.id);
        }
      }
    });
    // The typing box of a multiple-choice autocomplete.
    root.querySelectorAll(".select2-search--inline .select2-search__field").forEach(function (input) {
      const label = fieldLabel(input);
      if (label) {
        nameBy(input, label);
      }
    });
    // The delete box of an inline row has a column heading but no label of its own.
    root.querySelectorAll("td.delete input[type=checkbox]:not([aria-label])").forEach(function (box) {
      const group = box.closest(".inline-group");
      const heading = group && group.querySelector("h2");
      const what = heading ? heading.textContent.trim().toLowerCase() : "row";
      const row = box.closest("tr");
      const rows = row ? Array.from(row.parentElement.querySelectorAll("tr.form-row")) : [];
      box.setAttribute("aria-label", "Delete " + what + " " + (rows.indexOf(row) + 1));
    });
    // select2 puts its "clear all" button inside the list of chosen values,
    // where only list items belong; it works the same beside the list.
    root.querySelectorAll(".select2-selection__rendered").forEach(moveClearButton);
  }

  function moveClearButton(list) {
    // select2 adds a new button each time it redraws the list, and the one
    // moved out before stays unless it goes: a box would gather one "×" per
    // change, the first of them clearing the values chosen back then. select2
    // draws no button when nothing is chosen, so then none may stay either.
    const box = list.parentElement;
    const fresh = list.querySelector(":scope > .select2-selection__clear");
    const container = list.closest(".select2");
    const select = container && container.previousElementSibling;
    const nothingChosen = select && select.tagName === "SELECT" && select.value === "";
    if (fresh || nothingChosen) {
      box.querySelectorAll(":scope > .select2-selection__clear").forEach(function (moved) {
        moved.remove();
      });
    }
    if (fresh) {
      box.insertBefore(fresh, list);
    }
  }

  // Dashes and slashes join words ("Swedish–Canadian", "AI/ML"). Django's
  // URLify drops them with other punctuation, gluing the words together
  // ("swedishcanadian"), so they become spaces first, as in the slugs the
  // server makes (`importing.directory.unique_slug`). The admin's
  // prepopulate.js looks URLify up each time it fills in a slug.
  const WORD_JOINERS = /[\u2010-\u2015\u2212\/]/g;

  function separateJoinedWords() {
    const urlify = window.URLify;
    if (typeof urlify !== "function") {
      return;
    }
    window.URLify = function (text, maxLength, allowUnicode) {
      return urlify(String(text).replace(WORD_JOINERS, " "), maxLength, allowUnicode);
    };
  }

  // The rich-text editor's link dialog leaves the linked words selected, so
  // the next key typed replaced them (a full stop after the link swallowed
  // it). Once a link is set on a selection, the caret goes to the link's end,
  // outside it: what is typed next follows the link and is not part of it.
  function caretAfterNewLinks(editor) {
    editor.on("transaction", function (event) {
      const selection = event.editor.state.selection;
      const linked = event.transaction.steps.some(function (step) {
        const change = step.toJSON();
        return change.stepType === "addMark" && change.mark.type === "link";
      });
      if (!linked || selection.empty) {
        return;
      }
      // After the editor has finished with this change, before any key is read.
      queueMicrotask(function () {
        event.editor.chain().setTextSelection(selection.to).unsetMark("link").run();
      });
    });
  }

  // Every editor announces itself when it is ready, inline rows added later too.
  document.addEventListener("prose-editor:ready", function (event) {
    caretAfterNewLinks(event.detail.editor);
  });

  // The editor's time zone, for the server to show and read desk times in
  // (desk/timezones.py); the desk lives under /admin/, and readers' pages
  // never see the cookie.
  function rememberTimeZone() {
    let zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone || document.cookie.split("; ").indexOf("desk_tz=" + zone) !== -1) {
      return;
    }
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie =
      "desk_tz=" + zone + "; path=/admin/; max-age=31536000; SameSite=Lax" + secure;
  }

  function start() {
    rememberTimeZone();
    separateJoinedWords();
    const form = document.getElementById("content-main");
    if (!form) {
      return;
    }
    fix(form);
    new MutationObserver(function () {
      fix(form);
    }).observe(form, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
