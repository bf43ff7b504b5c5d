"""
Peak memory of the worst image uploads, each measured in a fresh process.

    .venv/bin/python bench/image_upload_memory.py

Cases: a 40-megapixel JPEG and a 40-megapixel transparent PNG (just under
the default IMAGE_MAX_PIXELS, the largest images accepted), a JPEG of noise
just under the default IMAGE_MAX_UPLOAD_BYTES, a PNG that claims
20000 × 20000 pixels in a few kilobytes (a decompression bomb) and one of
8000 × 6000 (over the limit but under Pillow's own guard). The files are
made here, in this process; each upload runs in a child process that reads
its file from disk as Django's upload handlers would hand it over, first
through the desk's form field (the checks), then through the whole
pipeline (clean original and every rendition, nothing written).

For each: the file's size, the child's peak resident memory above what it
used before the upload (Linux's VmHWM, reset just before through
/proc/self/clear_refs — getrusage's maxrss would carry the parent's peak
over the fork; Pillow's pixel buffers are C memory that tracemalloc cannot
see), the Python heap peak
(tracemalloc), and the peak as a multiple of the file size and of the
decoded pixels. Not part of the test suite.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, os, sys, time, tracemalloc
sys.path.insert(0, sys.argv[3])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DEBUG"] = "false"
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image
from articles.models import Article

def status_mb(key):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024

def reset_peak():
    # Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current RSS.
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")

path, phase = sys.argv[1], sys.argv[2]
field = Article._meta.get_field("lead_image")
form_field = field.formfield()
with open(path, "rb") as handle:
    upload = UploadedFile(handle, name=os.path.basename(path), size=os.path.getsize(path))
    reset_peak()
    before = status_mb("VmRSS")
    tracemalloc.start()
    started = time.perf_counter()
    result = {"accepted": True, "message": ""}
    try:
        form_field.clean(upload)
        if phase == "pipeline":
            upload.seek(0)
            field.render(upload, (0.5, 0.5))
    except ValidationError as error:
        result = {"accepted": False, "message": " ".join(error.messages)}
    result["seconds"] = time.perf_counter() - started
    result["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    result["rss_before_mb"] = before
    result["rss_peak_mb"] = status_mb("VmHWM") - before
print(json.dumps(result))
"""


def black_png(width, height):
    """A 1-bit PNG of `width` × `height` black pixels, compressed row by row."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")

    compressor = zlib.compressobj(9)
    row = b"\x00" + bytes((width + 7) // 8)
    parts = [compressor.compress(row * 100) for _ in range(height // 100)]
    data = b"".join(parts) + compressor.compress(row * (height % 100)) + compressor.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def photo_like(size, mode):
    """A large image with smooth gradients and shapes: compresses like a photo, within 10 MB."""
    from PIL import Image, ImageDraw

    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge(
        "RGB",
        (
            gradient,
            gradient.transpose(Image.Transpose.ROTATE_180),
            gradient.point(lambda v: v // 2),
        ),
    )
    draw = ImageDraw.Draw(image)
    for index in range(0, width, width // 12):
        draw.ellipse(
            (index, height // 4, index + width // 10, height // 4 + width // 10),
            fill=(230, 200, 40),
        )
    if mode == "RGBA":
        image.putalpha(gradient)
    return image


def make_files(folder):
    from PIL import Image

    files = {}
    side = (7744, 5164)  # 39,990,016 pixels: just under 40 megapixels
    jpeg = folder / "40mp.jpg"
    photo_like(side, "RGB").save(jpeg, "JPEG", quality=85)
    files["40 MP JPEG (at the limit)"] = (jpeg, side[0] * side[1] * 3)
    png = folder / "40mp-alpha.png"
    photo_like(side, "RGBA").save(png, "PNG", compress_level=9)
    files["40 MP PNG with alpha (at the limit)"] = (png, side[0] * side[1] * 4)
    noise = folder / "noise.jpg"
    size = (3200, 2200)
    channels = [Image.effect_noise(size, sigma) for sigma in (60, 61, 62)]
    Image.merge("RGB", channels).save(noise, "JPEG", quality=98)
    files["JPEG of noise (~10 MB, the byte limit)"] = (noise, size[0] * size[1] * 3)
    bomb = folder / "bomb.png"
    bomb.write_bytes(black_png(20_000, 20_000))
    files["decompression bomb, 20000 × 20000 PNG"] = (bomb, 20_000 * 20_000)
    over = folder / "over.png"
    over.write_bytes(black_png(8_000, 6_000))
    files["8000 × 6000 PNG (over the limit)"] = (over, 8_000 * 6_000)
    return files


def measure(path, phase):
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), phase, str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if child.returncode:
        raise SystemExit(f"The upload of {path.name} failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main():
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        files = make_files(Path(folder))
        print(f"Files made in {time.perf_counter() - started:.1f} s.\n")
        header = (
            f"{'upload':40} {'file':>9} {'phase':>9} {'result':>8} {'time':>7} "
            f"{'peak RSS':>9} {'py heap':>8} {'× file':>7} {'× pixels':>8}"
        )
        print(header)
        print("-" * len(header))
        for label, (path, decoded_bytes) in files.items():
            size = path.stat().st_size
            for phase in ("checks", "pipeline"):
                result = measure(path, phase)
                if not result["accepted"] and phase == "pipeline":
                    continue
                peak = result["rss_peak_mb"]
                print(
                    f"{label:40} {size / 2**20:>7.2f}MB {phase:>9} "
                    f"{'accepted' if result['accepted'] else 'refused':>8} "
                    f"{result['seconds']:>6.2f}s {peak:>7.1f}MB {result['python_peak_mb']:>6.1f}MB "
                    f"{peak * 2**20 / size:>7.1f} {peak * 2**20 / decoded_bytes:>8.2f}"
                )
                if not result["accepted"]:
                    print(f"{'':40} refused: {result['message']}")
        print(
            "\npeak RSS: the child's highest resident memory above its level before the "
            "upload.\n× pixels: that peak over the decoded size (width × height × channels, "
            "or one byte a pixel for the PNGs that are refused)."
        )


if __name__ == "__main__":
    main()
