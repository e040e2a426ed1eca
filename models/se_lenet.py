"""SE-LeNet: LeNet-5 with a Squeeze-and-Excitation block after each convolution stage.

The SE block follows design.md: squeeze by global average pooling, excite with two
bias-free fully connected layers (C -> C/r -> C) around a ReLU, gate with a sigmoid,
scale each channel. The gate vector `s` is returned so that it can be exported as an
ONNX output: it is the per-channel attention an app shows.
"""
import torch
from torch import nn
import torch.nn.functional as F

REDUCTION = 4
# With r = 4 the first block (C = 6) would get a 1-unit bottleneck (6 // 4 == 1): every
# gate would then be a monotone function of one number and all channels would rise and
# fall together. We keep at least 2 hidden units, so se1 is 6 -> 2 -> 6.
MIN_HIDDEN = 2


def se_hidden(channels: int, reduction: int = REDUCTION) -> int:
    return max(MIN_HIDDEN, channels // reduction)


class SEBlock(nn.Module):
    def __init__(self, channels: int, reduction: int = REDUCTION):
        super().__init__()
        hidden = se_hidden(channels, reduction)
        self.fc1 = nn.Linear(channels, hidden, bias=False)
        self.fc2 = nn.Linear(hidden, channels, bias=False)
        # The squeezed input z is never negative (it follows a ReLU). With the default
        # signed init a 2-unit bottleneck can start, or fall, below zero for every input:
        # ReLU then outputs 0, the gate is a constant sigmoid(0) = 0.5 and never recovers.
        # A non-negative start keeps every hidden unit alive at the first step.
        with torch.no_grad():
            self.fc1.weight.abs_()

    def forward(self, u):
        z = u.mean(dim=(2, 3))                         # squeeze: [N, C]
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(z))))  # excitation: [N, C] in (0, 1)
        return u * s[:, :, None, None], s              # scale


class PassThrough(nn.Module):
    """Stands where an SE block would: returns its input unchanged, and no gate."""

    def __init__(self, channels: int):
        super().__init__()

    def forward(self, u):
        return u, None


# LeNet-5's channel counts (conv1, conv2, conv3): the MNIST model's. The Fashion-MNIST
# model is the same network, wider (see models/FASHION_MODEL_CARD.md).
LENET_WIDTHS = (6, 16, 120)


class SELeNet(nn.Module):
    """Input [N, 1, 28, 28] (one channel, values in [0, 1]); outputs logits [N, 10] and the
    three attention vectors se1 [N, w1], se2 [N, w2], se3 [N, w3] for widths (w1, w2, w3),
    LeNet-5's (6, 16, 120) by default.

    Batch norm after each convolution trains faster and steadier; it is
    folded into the convolutions at export (`fold_batch_norm`), so the ONNX graph is the
    plain LeNet-5 + SE topology.
    """

    def __init__(self, batch_norm: bool = True, dropout: float = 0.25, se: bool = True, widths=LENET_WIDTHS):
        super().__init__()
        c1, c2, c3 = widths
        self.widths = tuple(widths)
        norm = (lambda c: nn.BatchNorm2d(c)) if batch_norm else (lambda c: nn.Identity())
        # se=False is the plain LeNet of the ablation: the same layers without the SE blocks.
        block = SEBlock if se else PassThrough
        self.conv1 = nn.Conv2d(1, c1, 5, padding=2)   # 28x28 -> 28x28 (LeNet-5 saw 32x32)
        self.bn1 = norm(c1)
        self.se1 = block(c1)
        self.conv2 = nn.Conv2d(c1, c2, 5)             # 14x14 -> 10x10
        self.bn2 = norm(c2)
        self.se2 = block(c2)
        self.conv3 = nn.Conv2d(c2, c3, 5)             # 5x5 -> 1x1
        self.bn3 = norm(c3)
        self.se3 = block(c3)
        self.has_se = se
        self.fc1 = nn.Linear(c3, 84)
        self.fc2 = nn.Linear(84, 10)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)   # 6x14x14
        x, s1 = self.se1(x)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)   # 16x5x5
        x, s2 = self.se2(x)
        x = F.relu(self.bn3(self.conv3(x)))                    # 120x1x1
        x, s3 = self.se3(x)
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        gates = (s1, s2, s3) if self.has_se else ()
        return (self.fc2(x), *gates)


def attention_blocks(widths=LENET_WIDTHS):
    """Where each block sits, for the manifest and the model card."""
    c1, c2, c3 = widths
    return [
        {"name": "se1", "channels": c1, "hidden": se_hidden(c1),
         "position": f"after conv1 (1->{c1}, 5x5, pad 2) + ReLU + max-pool 2x2, on a {c1}x14x14 map"},
        {"name": "se2", "channels": c2, "hidden": se_hidden(c2),
         "position": f"after conv2 ({c1}->{c2}, 5x5) + ReLU + max-pool 2x2, on a {c2}x5x5 map"},
        {"name": "se3", "channels": c3, "hidden": se_hidden(c3),
         "position": f"after conv3 ({c2}->{c3}, 5x5) + ReLU, on a {c3}x1x1 map, before fc {c3}->84->10"},
    ]


ATTENTION_BLOCKS = attention_blocks()


@torch.no_grad()
def fold_batch_norm(model: SELeNet) -> SELeNet:
    """A copy of `model` without batch norm: each BN is folded into the conv before it
    (w' = w * g / sqrt(v + eps), b' = (b - m) * g / sqrt(v + eps) + beta)."""
    folded = SELeNet(batch_norm=False, dropout=model.dropout.p, se=model.has_se, widths=model.widths)
    state = {k: v for k, v in model.state_dict().items() if not k.startswith("bn")}
    folded.load_state_dict(state)
    for conv_name, bn_name in (("conv1", "bn1"), ("conv2", "bn2"), ("conv3", "bn3")):
        conv, bn = getattr(folded, conv_name), getattr(model, bn_name)
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        conv.weight.copy_(conv.weight * scale[:, None, None, None])
        conv.bias.copy_((conv.bias - bn.running_mean) * scale + bn.bias)
    return folded.eval()


def parameter_count(model: nn.Module) -> int:
    """Parameters of the exported graph: count on a folded model (no batch norm)."""
    return sum(p.numel() for p in model.parameters())


def macs(se: bool = True, widths=LENET_WIDTHS) -> dict:
    """Multiply-accumulates per image, by layer: convolutions and fully connected layers
    (weights x output positions), and for each SE block its two bias-free FCs plus the
    per-element multiplication of the scale step. Pooling, ReLU, the SE squeeze (a mean)
    and the sigmoid are not counted."""
    c1, c2, c3 = widths
    counts = {
        "conv1": c1 * 28 * 28 * 1 * 5 * 5,
        "conv2": c2 * 10 * 10 * c1 * 5 * 5,
        "conv3": c3 * c2 * 5 * 5,
        "fc1": c3 * 84,
        "fc2": 84 * 10,
    }
    if se:
        for name, channels, area in (("se1", c1, 14 * 14), ("se2", c2, 5 * 5), ("se3", c3, 1)):
            counts[name] = 2 * channels * se_hidden(channels) + channels * area
    counts["total"] = sum(counts.values())
    return counts
