#!/bin/sh
# Regenerates docs/*.svg, the README's pictures, with margin-explorer itself: each figure preset (FigurePreset.all)
# written by `render --format svg --state 'preset=ID'`. The L-Softmax feature figure is trained to the preset's stop
# epoch (40 epochs of the digits, 12 steps each) and drawn with its training features, with the OpenBLAS kernels
# the README's training numbers use, so that it is the same figure on any x86-64 machine with AVX2.
# Written with --compact (coordinates to 0.01 px, shared attributes once, samples on one pixel drawn once), so the
# committed files stay small.
# Usage: swift build && docs/make-figures.sh [path/to/margin-explorer]
# Tests/FiguresTests/DocsFiguresTests.swift checks that every preset has its file and that the others are current.
set -eu
cd "$(dirname "$0")/.."
tool=${1:-.build/debug/margin-explorer}
for id in lsoftmax-geometry lsoftmax-geometry-unequal amsoftmax-psi arcface-fig4b margins-theta margins-cosine; do
    "$tool" render --format svg --compact --state "preset=$id" --output "docs/$id.svg"
done
OPENBLAS_CORETYPE=Haswell "$tool" render --format svg --compact --state 'preset=lsoftmax-features step=480 samples=train' \
    --output docs/lsoftmax-features.svg
ls -l docs/*.svg
