#!/usr/bin/env bash
# Installs what brief.pdf and the brief's browser tests need, each part only where it is missing:
#   chromium          Debian's headless-capable Chromium: prints brief.html to brief.pdf (pipeline/brief/pdf.py)
#   fonts-noto-cjk    Noto Sans CJK: Japanese text in the HTML and the PDF
#   poppler-utils     pdftoppm / pdffonts / pdftotext: the PDF tests render and inspect pages with them
#   "Noto Sans JP"    the Japanese Noto Sans CJK with TrueType outlines, made here from fonts-noto-cjk (below)
#
# Why the extra font: Chromium's PDF writer (Skia) embeds TrueType-outline fonts as real, named, subset fonts
# (FontFile2), but draws fonts with CFF outlines, as all of Debian's Noto CJK .ttc files are, as unnamed Type 3
# glyph procedures. So the Regular and Bold Japanese faces are converted once (fontTools' cu2qu, about a minute
# each, run side by side) to /usr/local/share/fonts/truetype/noto-sans-jp/, named "Noto Sans JP" like the same
# design on Google Fonts; brief.css names that family first. The Noto CJK licence (SIL OFL 1.1) allows this;
# its reserved font name ("Source") is not used.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
NOTO_CJK_DIR=/usr/share/fonts/opentype/noto
NOTO_JP_DIR=/usr/local/share/fonts/truetype/noto-sans-jp

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -f "$NOTO_CJK_DIR/NotoSansCJK-Regular.ttc" ] && [ -f "$NOTO_CJK_DIR/NotoSansCJK-Bold.ttc" ] || packages+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null && command -v pdffonts >/dev/null || packages+=(poppler-utils)
NOTO_JP_VERSION=2  # raise when the conversion below changes: the fonts are made again
noto_jp_missing() {
  [ "$(cat "$NOTO_JP_DIR/VERSION" 2>/dev/null)" != "$NOTO_JP_VERSION" ] || [ ! -f "$NOTO_JP_DIR/NotoSansJP-Regular.ttf" ] \
    || [ ! -f "$NOTO_JP_DIR/NotoSansJP-Bold.ttf" ]
}
if noto_jp_missing; then
  /usr/bin/python3 -c 'import fontTools.pens.cu2quPen' 2>/dev/null || packages+=(python3-fonttools)
  command -v fc-cache >/dev/null || packages+=(fontconfig)
fi

if [ ${#packages[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${packages[@]}"
fi

if noto_jp_missing; then
  $SUDO mkdir -p "$NOTO_JP_DIR"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cat > "$work/to_truetype.py" <<'PYTHON'
"""One face of a Noto CJK .ttc (CFF outlines) as a TrueType-outline .ttf named "Noto Sans JP"."""
import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

source, style, target = sys.argv[1:4]
font = next(face for face in TTCollection(source).fonts if face["name"].getDebugName(1) == "Noto Sans CJK JP")
order = font.getGlyphOrder()
glyphs = font.getGlyphSet()
glyf = newTable("glyf")
glyf.glyphOrder, glyf.glyphs = order, {}
for name in order:  # cubic CFF curves to quadratic TrueType ones, within 1 unit of the 1000-unit em
    pen = TTGlyphPen(glyphs)
    glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    glyf.glyphs[name] = pen.glyph()
for tag in ("CFF ", "VORG"):
    if tag in font:
        del font[tag]
font["glyf"], font["loca"] = glyf, newTable("loca")
maxp = font["maxp"] = newTable("maxp")
maxp.tableVersion, maxp.numGlyphs, maxp.maxZones = 0x00010000, len(order), 1
for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
              "maxSizeOfInstructions", "maxComponentElements"):
    setattr(maxp, field, 0)
font["post"].formatType = 3.0  # no glyph names: 65,535 of them do not fit a format 2 table
font["head"].glyphDataFormat = 0
font.sfntVersion = "\x00\x01\x00\x00"
# Chromium's PDF maps each glyph back to text through the lowest code point the font gives it, and Noto CJK
# shares glyphs: 日 (U+65E5) with the Kangxi radical ⽇ (U+2F47), ・ (U+30FB) with ‧ (U+2027). A PDF's text would
# then copy and search as radicals. So where a glyph also serves an ideograph, kana, CJK punctuation, full-width
# or Latin-1 character, the lower code points of other blocks are dropped here (the original Noto Sans CJK JP
# still draws those rare characters).
PREFERRED = ((0x0000, 0x00FF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF),
             (0x20000, 0x3FFFF))
def preferred(code):
    return any(low <= code <= high for low, high in PREFERRED)
by_glyph = {}
for code, glyph in font.getBestCmap().items():
    by_glyph.setdefault(glyph, []).append(code)
dropped = set()
for codes in by_glyph.values():
    kept = [code for code in codes if preferred(code)]
    if kept:
        dropped.update(code for code in codes if code < min(kept) and not preferred(code))
for table in font["cmap"].tables:
    for code in dropped & set(table.cmap):
        del table.cmap[code]
names = font["name"]
names.names = [record for record in names.names if record.nameID not in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22)]
for name_id, text in ((1, "Noto Sans JP"), (2, style), (3, f"NotoSansJP-{style};converted-from-NotoSansCJKjp"),
                      (4, f"Noto Sans JP {style}"), (6, f"NotoSansJP-{style}")):
    names.setName(text, name_id, 3, 1, 0x409)
    names.setName(text, name_id, 1, 0, 0)
font.save(target)
PYTHON
  pids=()
  for style in Regular Bold; do
    /usr/bin/python3 "$work/to_truetype.py" "$NOTO_CJK_DIR/NotoSansCJK-$style.ttc" "$style" "$work/NotoSansJP-$style.ttf" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid"
  done
  $SUDO cp "$work/NotoSansJP-Regular.ttf" "$work/NotoSansJP-Bold.ttf" "$NOTO_JP_DIR/"
  echo "$NOTO_JP_VERSION" > "$work/VERSION"
  $SUDO cp "$work/VERSION" "$NOTO_JP_DIR/VERSION"
  $SUDO fc-cache -f "$NOTO_JP_DIR"
fi

echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
echo "fonts: $(fc-list ':family=Noto Sans JP' family style | sort | tr '\n' ' ')"
