// The link preview (articles/admin/social.py) kept up to date as the story is
// edited. Each line of text names, in data-follows, the form's inputs it is
// taken from, the first filled one winning, as the page's Open Graph tags do
// (Article.search_title: SEO title, else headline). The crop follows the focal
// point through focal-point.js, which places every img.crop-preview.
"use strict";

(function () {
  function sources(line) {
    return line.dataset.follows.split(/\s+/).filter(Boolean);
  }

  function firstFilled(ids) {
    for (const id of ids) {
      const input = document.getElementById(id);
      const value = input ? input.value.trim() : "";
      if (value) {
        return value;
      }
    }
    return "";
  }

  function update(line) {
    const ids = sources(line);
    // None of its inputs on this page: keep the text the server wrote.
    if (ids.some((id) => document.getElementById(id))) {
      line.textContent = firstFilled(ids);
    }
  }

  function start() {
    const lines = Array.from(document.querySelectorAll(".social-card [data-follows]"));
    lines.forEach(update);
    document.addEventListener("input", function (event) {
      const id = event.target.id;
      if (id) {
        lines.filter((line) => sources(line).includes(id)).forEach(update);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
