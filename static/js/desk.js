// Names for the desk's script-built controls, so screen readers can say what
// each one is. The rich-text editor and the autocompletes (select2) build
// their inputs after the page loads and rebuild parts on every change, so the
// fixes are applied again whenever the form changes.
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
    // select2 puts its "clear all" button inside the list of chosen values,
    // where only list items belong; it works the same beside the list.
    root.querySelectorAll(".select2-selection__rendered > .select2-selection__clear").forEach(function (clear) {
      const list = clear.parentElement;
      list.parentElement.insertBefore(clear, list);
    });
  }

  function start() {
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
