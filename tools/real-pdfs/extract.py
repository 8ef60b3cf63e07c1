"""Extract the text of each PDF in PDFS with several real extractors:
`extract.py PDFS OUT`, writing `OUT/NAME.TOOL.txt`."""
import logging
import os
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)


def pdftotext(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout


def pdfminer(path):
    from pdfminer.high_level import extract_text
    return extract_text(path)


def pdfplumber(path):
    import pdfplumber as plumber
    with plumber.open(path) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def pymupdf(path):
    import pymupdf as mu
    return "".join(page.get_text() for page in mu.open(path))


def pypdf(path):
    import pypdf as pp
    return "\n".join(page.extract_text() for page in pp.PdfReader(path).pages)


TOOLS = {"pdftotext": pdftotext, "pdfminer": pdfminer, "pdfplumber": pdfplumber,
         "pymupdf": pymupdf, "pypdf": pypdf}


def main(pdfs, out):
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(pdfs)):
        if not name.endswith(".pdf"):
            continue
        for tool, extract in TOOLS.items():
            text = extract(os.path.join(pdfs, name))
            with open(os.path.join(out, f"{name[:-4]}.{tool}.txt"), "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
