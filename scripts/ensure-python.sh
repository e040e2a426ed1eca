#!/usr/bin/env bash
# The export tool's tests (and the "Your own SE model" example of docs/models.md) run models/export.py with
# Debian's Python and PyTorch, and the Fashion-MNIST model is checked on Debian's
# dataset-fashion-mnist: installs what is missing, as root (CI runs as root); otherwise says
# what to run. PyTorch installs for /usr/bin/python3 only.
set -euo pipefail
packages=()
/usr/bin/python3 -c 'import torch, onnx' 2>/dev/null || packages+=(python3-torch python3-onnx)
[ -d /usr/share/datasets/fashion-mnist ] || packages+=(dataset-fashion-mnist)
source "$(dirname "$0")/apt-install.sh"
apt_install "for the tests; PyTorch: about 150 MB download" "${packages[@]}"
