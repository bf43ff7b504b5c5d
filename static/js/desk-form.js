// The article form's desk (templates/admin/articles/article/change_form.html):
// autosave while the editor types and when they leave, a warning before
// leaving unsaved changes, who else has the story open, Ctrl/Cmd+S to save,
// the live preview and checklist, bylines and quotes in on-screen order
// (drag or Alt+arrow keys to move one), and new people or organizations
// typed straight into an autocomplete. Everything is configured by data
// attributes on [data-desk-form]; the server keeps the rules.
"use strict";

(function () {
  const $ = window.django && window.django.jQuery;

  // People and organizations added by typing their name: an autocomplete
  // with data-create-url offers "Add “…”" for a name it does not find.
  // django-autocomplete-light replaces the admin's djangoAdminSelect2 when
  // the page has loaded, so it is extended now and again then.
  function extendAutocomplete() {
    const current = $ && $.fn.djangoAdminSelect2;
    if (!current || current.deskCreatable) {
      return;
    }
    const extended = function () {
      current.apply(this.not("[data-create-url]"), arguments);
      this.filter("[data-create-url]").each(function (index, element) {
        creatable(element);
      });
      return this;
    };
    extended.deskCreatable = true;
    $.fn.djangoAdminSelect2 = extended;
  }
  extendAutocomplete();
  window.addEventListener("load", extendAutocomplete);

  function creatable(element) {
    // Without an empty choice, a select of a required field with nothing
    // chosen yet would choose the first name typed by itself, and select2
    // would then take a click on it as no change.
    if (!element.multiple && !element.querySelector("option[value='']")) {
      const empty = new Option("", "", false, element.selectedIndex === -1 || !element.value);
      element.insertBefore(empty, element.firstChild);
    }
    $(element).select2({
      tags: true,
      ajax: {
        data: function (params) {
          return {
            term: params.term,
            page: params.page,
            app_label: element.dataset.appLabel,
            model_name: element.dataset.modelName,
            field_name: element.dataset.fieldName,
          };
        },
      },
      createTag: function (params) {
        const name = params.term.trim();
        return name ? { id: name, text: "Add “" + name + "”", name: name, isNew: true } : null;
      },
      insertTag: function (data, tag) {
        data.push(tag); // After the names found, never before them.
      },
    });
    // select2 marks an option it made from what was typed; choosing one adds the name.
    $(element)
      .off("change.desk")
      .on("change.desk", function () {
        const typed = element.querySelector("option[data-select2-tag='true']:checked");
        if (typed && !typed.dataset.deskAdding) {
          typed.dataset.deskAdding = "1";
          create(element, typed.value);
        }
      });
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function create(element, name) {
    const body = new URLSearchParams({ name: name, csrfmiddlewaretoken: csrfToken() });
    fetch(element.dataset.createUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) {
            throw new Error(answer.error || "Could not add “" + name + "”.");
          }
          return answer;
        });
      })
      .then(function (answer) {
        $(element).find("option").filter(function () {
          return this.value === name;
        }).remove();
        let label = answer.text;
        if (answer.created) {
          label += answer.flagged ? " (new, to review)" : " (new)";
        }
        const option = new Option(label, answer.id, true, true);
        $(element).append(option).trigger("change");
      })
      .catch(function (error) {
        $(element).val(null).trigger("change");
        say(error.message);
      });
  }

  function say(text) {
    const status = document.querySelector("[data-desk-status]");
    if (status) {
      status.textContent = text;
    }
  }

  // Bylines and quotes: positions follow the order on screen.

  const ORDERED = ["bylines", "quotes"];

  function rows(prefix) {
    const group = document.getElementById(prefix + "-group");
    if (!group) {
      return [];
    }
    // The admin's inline script marks every row but the blank template so.
    return Array.from(group.querySelectorAll(".dynamic-" + prefix));
  }

  function renumber() {
    ORDERED.forEach(function (prefix) {
      let number = 0;
      rows(prefix).forEach(function (row) {
        const position = row.querySelector("input[name$='-position']");
        const deleted = row.querySelector("input[name$='-DELETE']");
        if (position && !(deleted && deleted.checked)) {
          number += 1;
          position.value = String(number);
        }
      });
    });
  }

  function addHandles() {
    ORDERED.forEach(function (prefix) {
      rows(prefix).forEach(function (row) {
        if (row.querySelector(".desk-drag")) {
          return;
        }
        const handle = document.createElement("button");
        handle.type = "button";
        handle.className = "desk-drag";
        handle.textContent = "↕";
        handle.setAttribute("aria-label", "Move (Alt+Up or Alt+Down)");
        handle.draggable = true;
        const cell = row.querySelector("td.original, h3, td") || row;
        cell.insertBefore(handle, cell.firstChild);
        handle.addEventListener("keydown", function (event) {
          if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
            return;
          }
          event.preventDefault();
          move(prefix, row, event.key === "ArrowUp" ? -1 : 1);
          handle.focus();
        });
        handle.addEventListener("dragstart", function (event) {
          dragged = row;
          event.dataTransfer.effectAllowed = "move";
          event.dataTransfer.setData("text/plain", "");
        });
        row.addEventListener("dragover", function (event) {
          if (dragged && dragged !== row && dragged.parentNode === row.parentNode) {
            event.preventDefault();
          }
        });
        row.addEventListener("drop", function (event) {
          if (!dragged || dragged.parentNode !== row.parentNode) {
            return;
          }
          event.preventDefault();
          const after = dragged.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING;
          row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
          dragged = null;
          renumber();
        });
      });
    });
  }

  let dragged = null;

  function move(prefix, row, step) {
    const list = rows(prefix);
    const target = list[list.indexOf(row) + step];
    if (!target || target.parentNode !== row.parentNode) {
      return;
    }
    row.parentNode.insertBefore(row, step < 0 ? target : target.nextSibling);
    renumber();
    say("Moved to position " + (list.indexOf(target) + 1) + ".");
  }

  // What the form holds, without files or buttons: what autosave keeps and
  // the live preview renders.
  function fields(form) {
    renumber();
    const data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name.charAt(0) !== "_") {
        data.append(name, value);
      }
    });
    return data;
  }

  function post(url, data, keepalive) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: Boolean(keepalive),
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    });
  }

  function start() {
    const desk = document.querySelector("[data-desk-form]");
    const form = desk && desk.closest("form");
    if (!form) {
      return;
    }
    addHandles();
    document.addEventListener("formset:added", function () {
      addHandles();
      renumber();
    });

    const opened = fields(form).toString();
    let kept = opened;
    let shown = "";
    let submitting = false;

    function autosave(leaving) {
      const now = fields(form);
      if (now.toString() === kept) {
        return;
      }
      kept = now.toString();
      if (leaving && navigator.sendBeacon) {
        navigator.sendBeacon(desk.dataset.autosaveUrl, now);
        return;
      }
      post(desk.dataset.autosaveUrl, now, leaving)
        .then(function (answer) {
          say(answer.label);
        })
        .catch(function () {
          kept = ""; // Try again at the next tick.
          say("Not kept: the desk could not be reached. Keep this page open.");
        });
    }

    form.addEventListener("submit", function () {
      submitting = true;
      renumber();
    });
    window.addEventListener("beforeunload", function (event) {
      if (!submitting && fields(form).toString() !== opened) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.addEventListener("pagehide", function () {
      if (!submitting) {
        autosave(true);
        if (desk.dataset.presenceUrl && navigator.sendBeacon) {
          navigator.sendBeacon(
            desk.dataset.presenceUrl,
            new URLSearchParams({ leave: "1", csrfmiddlewaretoken: csrfToken() })
          );
        }
      }
    });
    window.setInterval(function () {
      autosave(false);
    }, 1000 * Number(desk.dataset.autosaveSeconds || 4));

    // Ctrl/Cmd+S saves and stays on the form.
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        const save = form.querySelector("[data-desk-save]");
        if (save) {
          form.requestSubmit(save);
        }
      }
    });

    // The discard button of the restore banner.
    const discard = form.querySelector("[data-desk-discard]");
    if (discard) {
      discard.addEventListener("click", function (event) {
        event.preventDefault();
        const data = new URLSearchParams({ _discard: "1", csrfmiddlewaretoken: csrfToken() });
        post(desk.dataset.autosaveUrl, data).then(function () {
          discard.closest("[data-desk-restore]").remove();
        });
      });
    }

    // Who else has the story open.
    if (desk.dataset.presenceUrl) {
      const banner = form.querySelector("[data-desk-others]");
      const beat = function () {
        const data = new URLSearchParams({ csrfmiddlewaretoken: csrfToken() });
        post(desk.dataset.presenceUrl, data)
          .then(function (answer) {
            if (!banner) {
              return;
            }
            banner.hidden = answer.others.length === 0;
            banner.textContent = answer.others
              .map(function (other) {
                return other.name + " has had this story open since " + other.since_label;
              })
              .join("; ");
            if (answer.others.length) {
              banner.textContent += ". Saves are merged field by field.";
            }
          })
          .catch(function () {});
      };
      window.setInterval(beat, 1000 * Number(desk.dataset.heartbeatSeconds || 20));
    }

    // The live preview, checklist and counts, redrawn a moment after a change.
    const box = form.querySelector("[data-desk-preview-box]");
    let frame = null;
    if (box) {
      // Sandboxed: no script of the page runs; same origin, so it has the site's styles.
      frame = document.createElement("iframe");
      frame.className = "desk-live__frame";
      frame.title = "Live preview of the story as readers will see it";
      frame.setAttribute("sandbox", "allow-same-origin");
      box.replaceChildren(frame);
    }
    const checks = form.querySelector("[data-desk-checks]");
    const counts = form.querySelector("[data-desk-counts]");
    function refresh() {
      const now = fields(form);
      if (!frame || !desk.dataset.liveUrl || now.toString() === shown) {
        return;
      }
      shown = now.toString();
      post(desk.dataset.liveUrl, now)
        .then(function (answer) {
          frame.srcdoc = answer.preview;
          counts.textContent =
            answer.words + (answer.words === 1 ? " word" : " words") + " · " + answer.minutes + " min read";
          checks.replaceChildren.apply(
            checks,
            answer.checks.map(function (check) {
              const item = document.createElement("li");
              const mark = document.createElement("span");
              const kind = check.passed ? "passed" : check.blocking ? "blocking" : "advice";
              item.className = "desk-check desk-check--" + kind;
              mark.className = "desk-check__mark";
              mark.textContent = { passed: "Done:", blocking: "Needed:", advice: "Advice:" }[kind];
              const text = check.passed ? check.label : check.problem;
              item.append(mark, " " + text.charAt(0).toUpperCase() + text.slice(1));
              return item;
            })
          );
        })
        .catch(function () {
          shown = "";
        });
    }
    window.setInterval(refresh, 1500);
    refresh();
    form.querySelectorAll("[data-desk-width]").forEach(function (button) {
      button.addEventListener("click", function () {
        form.querySelectorAll("[data-desk-width]").forEach(function (other) {
          other.setAttribute("aria-pressed", String(other === button));
        });
        frame.closest(".desk-live").dataset.width = button.dataset.deskWidth;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
