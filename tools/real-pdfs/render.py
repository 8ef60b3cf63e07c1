"""Render each article in ARTICLES to PDF with LibreOffice, in several Arabic fonts,
right-aligned and justified: `render.py ARTICLES OUT`.

Each article becomes a flat ODT document (one right-to-left paragraph per line, 12 pt)
converted by `soffice --headless --convert-to pdf`. The PDFs are named
`ARTICLE-FONT-ALIGN.pdf`.
"""
import os
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

FONTS = {
    "amiri": "Amiri",
    "noto": "Noto Naskh Arabic",
    "notosans": "Noto Sans Arabic",
    "kacst": "KacstBook",
    "dejavu": "DejaVu Sans",
}
ALIGN = {"right": "end", "justify": "justify"}

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{family}'"/></office:font-face-decls>
<office:automatic-styles><style:style style:name="P" style:family="paragraph">
<style:paragraph-properties fo:text-align="{align}" style:writing-mode="rl-tb" fo:margin-bottom="0.2cm"/>
<style:text-properties style:font-name="F" style:font-name-complex="F" style:font-size-complex="12pt"
 style:language-complex="ar" style:country-complex="EG"/></style:style></office:automatic-styles>
<office:body><office:text>{paragraphs}</office:text></office:body></office:document>"""


def main(articles, out):
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(articles)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(articles, name), encoding="utf-8") as f:
                lines = [l for l in f.read().split("\n") if l.strip()]
            paragraphs = "\n".join(f'<text:p text:style-name="P">{escape(l)}</text:p>' for l in lines)
            for key, family in FONTS.items():
                for align, odf in ALIGN.items():
                    path = os.path.join(tmp, f"{name[:-4]}-{key}-{align}.fodt")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(FODT.format(family=family, align=odf, paragraphs=paragraphs))
        docs = sorted(os.path.join(tmp, d) for d in os.listdir(tmp))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, *docs],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
