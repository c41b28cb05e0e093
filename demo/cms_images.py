"""The demo's pictures, drawn with Pillow (nothing is downloaded): one simple illustration per kind for
the programme and studio pages. Each drawing is what its alt text in data/demo/cms/programmes.toml says
(“插图：…”), so the text read out in its place is true. ``image_ensure`` is idempotent: an image is found
by its title before it is drawn."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

SIZE = (640, 400)
TITLE = "演示插图：{kind}"


def _ecommerce(d: ImageDraw.ImageDraw) -> None:
    # A phone showing a product page, and two parcels beside it.
    d.rounded_rectangle((120, 40, 300, 370), radius=24, fill="#263238")
    d.rectangle((135, 75, 285, 330), fill="#ffffff")
    d.rectangle((150, 90, 270, 190), fill="#ffcc80")
    for y in (205, 225, 245):
        d.rectangle((150, y, 270, y + 10), fill="#b0bec5")
    d.rounded_rectangle((150, 280, 270, 315), radius=8, fill="#e53935")
    for x, y in ((360, 240), (470, 270)):
        d.rectangle((x, y, x + 110, y + 90), fill="#c8a165", outline="#8d6e3f", width=3)
        d.line((x + 55, y, x + 55, y + 90), fill="#8d6e3f", width=6)


def _cultural(d: ImageDraw.ImageDraw) -> None:
    # An easel with a board and three strokes of colour.
    d.line((200, 380, 320, 60), fill="#6d4c41", width=10)
    d.line((440, 380, 320, 60), fill="#6d4c41", width=10)
    d.rectangle((170, 80, 470, 300), fill="#fffdf5", outline="#6d4c41", width=6)
    for i, colour in enumerate(("#d32f2f", "#fbc02d", "#1976d2")):
        y = 120 + i * 55
        d.line((200, y + 20, 300, y, 440, y + 25), fill=colour, width=22, joint="curve")


def _heritage(d: ImageDraw.ImageDraw) -> None:
    # Bamboo strips woven over and under into squares.
    d.rectangle((0, 0, *SIZE), fill="#8d6e3f")
    width, step = 36, 50
    for i, x in enumerate(range(20, SIZE[0], step)):
        d.rectangle((x, 0, x + width, SIZE[1]), fill="#f3dc9b" if i % 2 else "#e9cd7f")
    for j, y in enumerate(range(20, SIZE[1], step)):
        for i, x in enumerate(range(20, SIZE[0], step)):
            if (i + j) % 2:
                d.rectangle((x - 7, y, x + width + 7, y + width), fill="#f6e4b0")


def _startup(d: ImageDraw.ImageDraw) -> None:
    # A small shopfront with a striped awning and a ramp at the door.
    d.rectangle((120, 120, 520, 360), fill="#eceff1", outline="#455a64", width=4)
    for i in range(8):
        d.rectangle((120 + i * 50, 90, 170 + i * 50, 140), fill="#1e88e5" if i % 2 == 0 else "#ffffff")
    d.rectangle((270, 200, 370, 360), fill="#795548")
    d.rectangle((150, 190, 240, 280), fill="#90caf9")
    d.rectangle((400, 190, 490, 280), fill="#90caf9")
    d.polygon([(370, 360), (470, 360), (370, 340)], fill="#9e9e9e")


def _studio(d: ImageDraw.ImageDraw) -> None:
    # A red lacquer box with gold patterns.
    d.rectangle((0, 0, *SIZE), fill="#f5f0e6")
    d.rectangle((140, 150, 500, 340), fill="#a31515")
    d.polygon([(120, 150), (520, 150), (480, 90), (160, 90)], fill="#c62828")
    for cx in (220, 320, 420):
        d.ellipse((cx - 35, 210, cx + 35, 280), outline="#d4af37", width=6)
        d.ellipse((cx - 10, 235, cx + 10, 255), fill="#d4af37")
    d.line((160, 120, 480, 120), fill="#d4af37", width=5)


def _embroidery(d: ImageDraw.ImageDraw) -> None:
    # Gold thread couched in rings on dark blue cloth.
    d.rectangle((0, 0, *SIZE), fill="#1a237e")
    for r in range(30, 160, 22):
        d.ellipse((320 - r, 200 - r, 320 + r, 200 + r), outline="#e6c35c", width=5)
    for angle_x, angle_y in ((0, -1), (1, 0), (0, 1), (-1, 0)):
        d.ellipse((320 + angle_x * 180 - 14, 200 + angle_y * 180 - 14, 320 + angle_x * 180 + 14,
                   200 + angle_y * 180 + 14), fill="#e6c35c")


def _repair(d: ImageDraw.ImageDraw) -> None:
    # A laptop with its back cover off, and a screwdriver.
    d.rectangle((100, 90, 440, 320), fill="#607d8b", outline="#37474f", width=5)
    d.rectangle((130, 120, 250, 200), fill="#2e7d32")
    d.rectangle((270, 120, 410, 160), fill="#263238")
    for x in range(140, 240, 20):
        d.line((x, 125, x, 195), fill="#a5d6a7", width=3)
    d.ellipse((300, 210, 380, 290), fill="#90a4ae", outline="#37474f", width=4)
    d.rounded_rectangle((470, 150, 500, 250), radius=8, fill="#f9a825")
    d.rectangle((481, 250, 489, 350), fill="#9e9e9e")


DRAWINGS = {"ecommerce": _ecommerce, "cultural": _cultural, "heritage": _heritage, "startup": _startup,
            "studio": _studio, "embroidery": _embroidery, "repair": _repair}


def image_png(kind: str) -> bytes:
    canvas = Image.new("RGB", SIZE, "#fafafa")
    DRAWINGS[kind](ImageDraw.Draw(canvas))
    buf = io.BytesIO()
    canvas.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def image_ensure(kind: str):
    """The wagtail image of this kind (drawn and stored the first time)."""
    from wagtail.images.models import Image as WagtailImage

    from cms.services import collection_root_ensure

    title = TITLE.format(kind=kind)
    existing = WagtailImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    collection_root_ensure()  # a database emptied after its migrations (tests)
    return WagtailImage.objects.create(title=title, file=ImageFile(io.BytesIO(image_png(kind)), name=f"demo-{kind}.png"))


def photo_block(spec: dict) -> tuple[str, dict]:
    """A ``photos`` stream item for a ``photo = {kind, alt, caption}`` of the TOML."""
    return ("photo", {"image": image_ensure(spec["kind"]), "alt_text": spec["alt"], "caption": spec.get("caption", "")})
