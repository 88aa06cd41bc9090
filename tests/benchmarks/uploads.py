"""Upload normalisation, worst cases: `make bench` (or `python -m tests.benchmarks uploads`).

Each input is the largest or hardest of its kind the portal accepts (or refuses) and goes
through ``titleportal.uploads.check_upload`` as an upload of its field would. Per upload the
benchmark prints the worst of ``REPEAT`` runs of:

* CPU seconds of the process (user + system, every thread: ``resource.getrusage``) and wall
  seconds;
* encodes spent (a counter around ``uploads.encode``);
* peak resident memory above what the process held before (Linux: the high-water mark is
  reset through /proc/self/clear_refs), which includes Pillow's and qpdf's buffers;
* peak Python allocations (``tracemalloc``, in a separate run since it slows Python down).

Inputs are generated once into var/bench/uploads/ (a large HEIC takes a minute to encode).
"""

import io
import os
import resource
import time
import tracemalloc
from pathlib import Path

REPEAT = 2
CACHE = Path(__file__).resolve().parents[2] / "var" / "bench" / "uploads"


def _noise(size, *, smooth: int = 1):
    """Random pixels; ``smooth`` > 1 gives a photo-like picture (noise scaled up)."""
    from PIL import Image

    width, height = max(1, size[0] // smooth), max(1, size[1] // smooth)
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    return image if smooth == 1 else image.resize(size, Image.Resampling.BICUBIC)


def _image(fmt, size, *, smooth=1, **options) -> bytes:
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    _noise(size, smooth=smooth).save(buffer, fmt, **options)
    return buffer.getvalue()


def _scanned_page(size) -> bytes:
    """A white page with lines of grey "text": compresses well, decodes in full."""
    import random

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)
    for top in range(200, size[1] - 200, 60):
        left = 300
        while left < size[0] - 400:
            width = rng.randint(20, 160)
            draw.rectangle((left, top, left + width, top + 30), fill=(rng.randint(0, 90),) * 3)
            left += width + rng.randint(15, 40)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _bomb() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 megapixels in a small file
    return buffer.getvalue()


def _pdf_of_scans(pages: int, scan_bytes: int) -> bytes:
    """A PDF of ``pages`` pages, each a scan of ``scan_bytes`` (random, so incompressible)."""
    import pikepdf
    from pikepdf import Dictionary, Name

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        scan = pdf.make_stream(os.urandom(scan_bytes))
        scan.Type, scan.Subtype = Name.XObject, Name.Image
        scan.Width, scan.Height, scan.BitsPerComponent = 1, scan_bytes // 3, 8
        scan.ColorSpace = Name.DeviceRGB
        page.Resources = Dictionary(XObject=Dictionary(Im0=scan))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _pdf_of_objects(pages: int) -> bytes:
    """Many small objects: every page has links with scripts, URIs and additional actions,
    and a form field, which the sanitiser has to visit one by one."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    fields = []
    for number in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1].obj
        page.Contents = pdf.make_stream(b"0 0 1 rg 72 600 200 100 re f")
        script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
        annotations = [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 100 + 20 * n, 272, 115 + 20 * n]),
                A=Dictionary(S=Name.URI, URI=String(f"https://example.com/{number}/{n}")),
                AA=Dictionary(E=script),
            )
            for n in range(8)
        ]
        field = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Tx,
                T=String(f"f{number}"),
                Rect=Array([72, 700, 272, 720]),
                AA=Dictionary(K=script),
            )
        )
        fields.append(field)
        page.Annots = Array([*annotations, field])
        page.AA = Dictionary(O=script)
    pdf.Root.AcroForm = Dictionary(Fields=Array(fields))
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("x()")))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _cases():
    from titleportal import uploads

    return [
        # label, policy, cache file, how to make it
        (
            "JPEG 40 MP photo, q95 → scan ≤1 MB",
            uploads.SCAN,
            "photo-40mp.jpg",
            lambda: _image("JPEG", (7744, 5164), smooth=4, quality=95),
        ),
        (
            "JPEG 35 MP random pixels → scan",
            uploads.SCAN,
            "noise-35mp.jpg",
            lambda: _image("JPEG", (7000, 5000), quality=85),
        ),
        (
            "JPEG 35 MP random pixels → ID photo",
            uploads.PHOTO,
            "noise-35mp.jpg",
            lambda: _image("JPEG", (7000, 5000), quality=85),
        ),
        (
            "PNG 40 MP scanned page → scan",
            uploads.SCAN,
            "page-40mp.png",
            lambda: _scanned_page((7744, 5164)),
        ),
        (
            "PNG 12 MP random pixels → scan",
            uploads.SCAN,
            "noise-12mp.png",
            lambda: _image("PNG", (4000, 3000), compress_level=1),
        ),
        (
            "HEIC 40 MP photo → scan",
            uploads.SCAN,
            "photo-40mp.heic",
            lambda: _image(
                "HEIF", (7744, 5164), smooth=8, quality=80, enc_params={"preset": "veryfast"}
            ),
        ),
        (
            "PNG 144 MP (bomb) → refused",
            uploads.SCAN,
            "bomb-144mp.png",
            _bomb,
        ),
        (
            "PDF 30 MB, 300 scanned pages",
            uploads.PDF,
            "scans-30mb.pdf",
            lambda: _pdf_of_scans(300, 100_000),
        ),
        (
            "PDF 3800 pages of scripted links",  # just under uploads.MAX_PDF_OBJECTS
            uploads.PDF,
            "objects-3800p.pdf",
            lambda: _pdf_of_objects(3800),
        ),
        (
            "PDF 8000 pages of scripted links",
            uploads.PDF,
            "objects-8000p.pdf",
            lambda: _pdf_of_objects(8000),
        ),
    ]


def _input(name: str, make) -> bytes:
    path = CACHE / name
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        path.write_bytes(make())
        print(f"  generated {name} in {time.perf_counter() - started:.0f} s")
    return path.read_bytes()


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(index: int, traced: bool, results) -> None:
    """One upload in a fresh process, so that its peak memory is its own."""
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from tests.files import upload
    from titleportal import uploads

    _label, policy, name, _make = _cases()[index]
    encodes = []
    real_encode = uploads.images.encode

    def counting(image, fmt, **options):
        encodes.append(fmt)
        return real_encode(image, fmt, **options)

    uploads.images.encode = counting
    uploaded = upload(name, (CACHE / name).read_bytes())
    rss_before = _status_kb("VmRSS")
    can_reset = _reset_peak_rss()
    if traced:
        tracemalloc.start()
    cpu, wall = _cpu(), time.perf_counter()
    try:
        checked = uploads.check_upload(uploaded, policy)
        outcome = f"{checked.kind} {len(checked.content) / 2**20:.2f} MB"
    except ValidationError as error:
        outcome = f"refused: {error.messages[0]}"
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    python_peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
    peak = _status_kb("VmHWM")
    rss = (peak - rss_before) / 1024 if can_reset and peak and rss_before else None
    results.put(
        {
            "cpu": cpu,
            "wall": wall,
            "encodes": len(encodes),
            "rss": rss,
            "python": python_peak,
            "outcome": outcome,
        }
    )


def _in_child(index: int, *, traced: bool = False) -> dict:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_child, args=(index, traced, results))
    process.start()
    result = results.get()
    process.join()
    return result


def run(repeat: int = REPEAT, *, traced: bool = True) -> list[dict]:
    """``repeat`` runs of each input (and one under tracemalloc when ``traced``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titleportal.settings_test")
    print()
    print(f"upload normalisation: worst of {repeat} runs per input, each in a fresh process")
    rows = []
    for index, (label, _policy, name, make) in enumerate(_cases()):
        size = len(_input(name, make))
        runs = [_in_child(index) for _ in range(repeat)]
        python_peak = _in_child(index, traced=True)["python"] if traced else None
        rss = [r["rss"] for r in runs if r["rss"] is not None]
        rows.append(
            (
                label,
                size / 2**20,
                max(r["cpu"] for r in runs),
                max(r["wall"] for r in runs),
                max(r["encodes"] for r in runs),
                max(rss) if rss else None,
                python_peak,
                runs[-1]["outcome"],
            )
        )
    print(
        f"{'input':38} {'MB in':>6} {'CPU s':>6} {'wall s':>6} {'enc':>4} "
        f"{'peak RSS MB':>11} {'Python MB':>9}  result"
    )
    for label, size, cpu, wall, encodes, rss, python, outcome in rows:
        rss_text = f"{rss:.0f}" if rss is not None else "n/a"
        print(
            f"{label:38} {size:>6.1f} {cpu:>6.2f} {wall:>6.2f} {encodes:>4} "
            f"{rss_text:>11} {'n/a' if python is None else f'{python:.0f}':>9}  {outcome}"
        )
    names = ("input", "mb_in", "cpu_s", "wall_s", "encodes", "peak_rss_mb", "python_mb", "result")
    return [dict(zip(names, row, strict=True)) for row in rows]
