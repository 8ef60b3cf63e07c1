#!/bin/sh
# Renders held-out articles to PDF, damages copies as broken fonts do, extracts them all
# with real tools, and scores tarmim's repair of what they wrote. Needs LibreOffice,
# poppler-utils, the fonts and the Python packages (see README.md in this directory).
# Usage: run.sh [DIR] [ARTICLES]
set -eu
dir=${1:-target/real-pdfs}
n=${2:-20}
here=$(dirname "$0")
cargo run --release -q -p evaluate -- --write-articles "$dir/articles" --limit "$n"
python3 "$here/render.py" "$dir/articles" "$dir/pdf"
# Copies of the Noto Naskh and Amiri PDFs with glyphs unmapped: ARTICLE-FONT_LOSS-ALIGN.pdf
for pdf in "$dir"/pdf/*-noto-*.pdf "$dir"/pdf/*-amiri-*.pdf; do
    name=$(basename "$pdf" .pdf)
    article=${name%%-*}; rest=${name#*-}; font=${rest%%-*}; align=${rest#*-}
    for loss in "sample:ك:medi,ي:fina,ى:fina" "yeh:ي:fina,ى:fina" "lamalef:lamalef"; do
        python3 "$here/damage_pdf.py" "$pdf" \
            "$dir/pdf/$article-${font}_${loss%%:*}-$align.pdf" "${loss#*:}" 2>/dev/null
    done
done
python3 "$here/extract.py" "$dir/pdf" "$dir/text"
cargo run --release -q -p evaluate -- --extracted "$dir"
