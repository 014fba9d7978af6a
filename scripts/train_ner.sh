#!/usr/bin/env bash
# Retrains the entity tagger (data/ner_model.bin) on CoNLL-2003 train.
# Deterministic: the same code, gazetteers and data give the same bytes.
# Usage: scripts/train_ner.sh [TRAIN.jsonl]   (default ../shared/eval/conll2003/train.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-../shared/eval/conll2003/train.jsonl}
cargo run --release --example train_ner -- "$train" data/ner_model.bin
cargo build --release
