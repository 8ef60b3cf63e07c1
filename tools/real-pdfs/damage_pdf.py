"""Damage a PDF as a broken font does: `damage_pdf.py IN OUT SPEC` removes the ToUnicode
entries of the glyphs that draw some letters in some contextual forms, so that
extractors no longer know what those glyphs are.

SPEC names the glyphs, comma-separated: `ك:medi,ي:fina,ى:fina` (the sample's profile),
forms `isol`, `init`, `medi`, `fina`, or `lamalef` for the four lam-alef ligatures.

Each embedded TrueType subset is matched with the installed font it came from (by its
PostScript name, through fc-list). HarfBuzz shapes each letter in the form asked for
with that font (zero-width joiners force the form), and the subset glyphs with the same
outline and advance are the ones whose codes lose their ToUnicode entries.
"""
import io
import re
import subprocess
import sys

import pikepdf
import uharfbuzz as hb
from fontTools.ttLib import TTFont

ZWJ = "\u200d"
FORMS = {
    "isol": lambda l: l,
    "init": lambda l: l + ZWJ,
    "medi": lambda l: ZWJ + l + ZWJ,
    "fina": lambda l: ZWJ + l,
}
LAMALEF = ["\u0644\u0627", "\u0644\u0623", "\u0644\u0625", "\u0644\u0622"]


def font_file(psname):
    out = subprocess.run(["fc-list", ":postscriptname=" + psname, "file"],
                         capture_output=True, text=True).stdout
    return out.split(":")[0].strip() if out.strip() else None


def signature(font, name):
    """A glyph's advance and outline points: equal in a font and its subsets."""
    glyf = font["glyf"]
    g = glyf[name]
    points = tuple(g.getCoordinates(glyf)[0]) if g.numberOfContours != 0 else ()
    return (font["hmtx"][name][0], points)


def target_signatures(path, spec):
    face = hb.Face(hb.Blob.from_file_path(path))
    font = hb.Font(face)
    tt = TTFont(path)
    order = tt.getGlyphOrder()

    def shape(s):
        buf = hb.Buffer()
        buf.add_str(s)
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        return buf.glyph_infos

    sigs = set()
    for item in spec:
        if item == "lamalef":
            # The ligature glyph carries the lam's cluster.
            shaped = [(s, "\u0644") for w in LAMALEF for s in (w, ZWJ + w)]
        else:
            letter, form = item.split(":")
            shaped = [(FORMS[form](letter), letter)]
        for s, letter in shaped:
            for info in shape(s):
                sig = signature(tt, order[info.codepoint])
                # Joiners and marks have no outline of their own.
                if s[info.cluster] == letter and sig[1]:
                    sigs.add(sig)
    return sigs


def main(src, dst, spec):
    spec = spec.split(",")
    pdf = pikepdf.open(src)
    done, dropped = set(), 0
    for page in pdf.pages:
        fonts = page.Resources.get("/Font", {})
        for key in list(fonts.keys()):
            f = fonts[key]
            if f.objgen in done:
                continue
            done.add(f.objgen)
            fd = f.get("/FontDescriptor")
            if fd is None or "/FontFile2" not in fd or "/ToUnicode" not in f:
                continue
            path = font_file(str(f.BaseFont)[1:].split("+", 1)[-1])
            if path is None:
                continue
            sigs = target_signatures(path, spec)
            subset = TTFont(io.BytesIO(fd.FontFile2.read_bytes()))
            cmap = subset["cmap"].tables[0].cmap
            codes = {code for code, g in cmap.items() if signature(subset, g) in sigs}
            if not codes:
                continue
            text = f.ToUnicode.read_bytes().decode("latin1")

            def keep(m):
                nonlocal dropped
                if int(m.group(1), 16) in codes:
                    dropped += 1
                    return ""
                return m.group(0)

            body = re.sub(r"<([0-9A-Fa-f]{2,4})> <[0-9A-Fa-f]+>\n?", keep, text)

            def recount(m):
                n = len(re.findall(r"<[0-9A-Fa-f]+> <[0-9A-Fa-f]+>", m.group(2)))
                return f"{n} beginbfchar{m.group(2)}endbfchar"

            body = re.sub(r"(\d+) beginbfchar(.*?)endbfchar", recount, body, flags=re.S)
            f.ToUnicode.write(body.encode("latin1"))
    pdf.save(dst)
    print(f"{src}: {dropped} ToUnicode entries removed", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
