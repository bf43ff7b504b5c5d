// The focal-point picker and crop previews (images/focal.py).
//
// A picker (.focal-picker) names the form's two number inputs in
// data-focus-x-input and data-focus-y-input: 0 (left, top) to 1 (right,
// bottom). A click or a drag on its image, or the arrow keys while it has the
// focus, write those inputs (and fire "input" and "change" on them, so other
// scripts notice); typing in them moves the marker. The inputs are what the
// form saves, so without this script the form works as before.
//
// A crop preview (img.crop-preview) shows the whole image with
// object-fit: cover, placed with object-position where images.pipeline.cover
// would crop it: the focal point in the middle, the crop kept inside the image.
"use strict";

(function () {
  const STEP = 0.01;
  const BIG_STEP = 0.1;
  const MOVES = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  // Hundredths, as the pipeline rounds the focal point.
  function hundredths(value) {
    return Math.round(clamp(value) * 100) / 100;
  }

  function inputsOf(element) {
    return [
      document.getElementById(element.dataset.focusXInput),
      document.getElementById(element.dataset.focusYInput),
    ];
  }

  // An empty or unreadable input is the centre, as the form saves it.
  function read(input) {
    const value = input ? parseFloat(input.value) : NaN;
    return Number.isFinite(value) ? clamp(value) : 0.5;
  }

  function write(input, value) {
    const text = String(value);
    if (input.value === text) {
      return;
    }
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function percent(value) {
    return Math.round(value * 10000) / 100 + "%";
  }

  // Where the crop starts along its spare room, 0 to 1 (images.focal.crop_position).
  function offset(focus, size, crop) {
    const spare = size - crop;
    if (spare < 0.5) {
      return 0.5;
    }
    return clamp((focus * size - crop / 2) / spare);
  }

  function placeCrop(image) {
    const [xInput, yInput] = inputsOf(image);
    if (!xInput || !yInput) {
      return;
    }
    const width = Number(image.dataset.imageWidth);
    const height = Number(image.dataset.imageHeight);
    const cropWidth = Number(image.dataset.cropWidth);
    const cropHeight = Number(image.dataset.cropHeight);
    if (!(width && height && cropWidth && cropHeight)) {
      return;
    }
    const scale = Math.max(cropWidth / width, cropHeight / height);
    const x = offset(read(xInput), width, cropWidth / scale);
    const y = offset(read(yInput), height, cropHeight / scale);
    image.style.objectPosition = percent(x) + " " + percent(y);
  }

  function showMarker(picker) {
    const [xInput, yInput] = inputsOf(picker);
    const x = read(xInput);
    const y = read(yInput);
    const marker = picker.querySelector(".focal-picker__marker");
    const status = picker.querySelector(".focal-picker__status");
    marker.style.left = percent(x);
    marker.style.top = percent(y);
    status.textContent =
      "Focal point " + Math.round(x * 100) + "% across, " + Math.round(y * 100) + "% down";
  }

  function setUp(picker) {
    const [xInput, yInput] = inputsOf(picker);
    const frame = picker.querySelector(".focal-picker__frame");
    const image = picker.querySelector(".focal-picker__image");
    if (!xInput || !yInput || !frame || !image) {
      return; // not on this form: the picker only shows where the focal point is
    }

    function moveTo(x, y) {
      write(xInput, hundredths(x));
      write(yInput, hundredths(y));
      showMarker(picker);
    }

    function pointAt(event) {
      const box = image.getBoundingClientRect();
      if (box.width && box.height) {
        moveTo((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
      }
    }

    frame.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      frame.focus();
      frame.setPointerCapture(event.pointerId);
      pointAt(event);
      event.preventDefault();
    });
    frame.addEventListener("pointermove", function (event) {
      if (frame.hasPointerCapture(event.pointerId)) {
        pointAt(event);
      }
    });
    frame.addEventListener("keydown", function (event) {
      const move = MOVES[event.key];
      if (!move || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      const step = event.shiftKey ? BIG_STEP : STEP;
      moveTo(read(xInput) + move[0] * step, read(yInput) + move[1] * step);
      event.preventDefault();
    });
    showMarker(picker);
  }

  function start() {
    const pickers = Array.from(document.querySelectorAll(".focal-picker"));
    const crops = Array.from(document.querySelectorAll("img.crop-preview"));
    pickers.forEach(setUp);
    crops.forEach(placeCrop);
    // Typing in an input, or a picker writing it, moves everything that follows it.
    function follow(event) {
      const id = event.target.id;
      if (!id) {
        return;
      }
      const follows = (element) =>
        element.dataset.focusXInput === id || element.dataset.focusYInput === id;
      pickers.filter(follows).forEach(showMarker);
      crops.filter(follows).forEach(placeCrop);
    }
    document.addEventListener("input", follow);
    document.addEventListener("change", follow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
