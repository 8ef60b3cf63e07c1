#!/bin/sh
# Renders held-out articles to PDF, extracts them with real tools, and scores tarmim's
# repair of what they wrote. Needs LibreOffice, poppler-utils, the fonts, and the Python
# extractors (see README.md in this directory). Usage: run.sh [DIR] [ARTICLES]
set -eu
dir=${1:-target/real-pdfs}
n=${2:-20}
here=$(dirname "$0")
cargo run --release -q -p evaluate -- --write-articles "$dir/articles" --limit "$n"
python3 "$here/render.py" "$dir/articles" "$dir/pdf"
python3 "$here/extract.py" "$dir/pdf" "$dir/text"
cargo run --release -q -p evaluate -- --extracted "$dir"
