#!/usr/bin/env python3
"""Exports a PyTorch generator to Atelier's generator contract (GeneratorContract):

- one input named "input" and one output named "output", float32 NCHW [batch, 3, height, width];
- RGB in [-1, 1] on both sides (pixel / 127.5 - 1), so the network ends with tanh;
- batch, height and width dynamic; the model must accept sides that are multiples of 4;
- ONNX opset 17.

Then register it:  curl -H "X-API-Key: $ADMIN_KEY" -F model=@generator.onnx -F source="my PyTorch run" \
                        http://localhost:8081/api/v1/models/<style>

The network here is a small stand-in (reflection-padded convolutions, instance norm, one stride-2
down and up step, tanh) with seeded random weights: replace TinyGenerator with your own trained one
and load its state_dict before exporting. Needs PyTorch (Debian: apt-get install python3-torch, then
run it with /usr/bin/python3). infra/fleet-test/src/test/resources/pytorch-generator.onnx was made
with this script (PyTorch 1.13.1 from Debian bookworm, --seed 42); FleetIT imports it and styles a job.
"""
import argparse

import torch
from torch import nn


class TinyGenerator(nn.Module):
    def __init__(self, width: int = 8):
        super().__init__()
        self.net = nn.Sequential(
            nn.ReflectionPad2d(3), nn.Conv2d(3, width, 7), nn.InstanceNorm2d(width, affine=True), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), nn.InstanceNorm2d(2 * width, affine=True), nn.ReLU(),
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.ReflectionPad2d(1), nn.Conv2d(2 * width, width, 3), nn.InstanceNorm2d(width, affine=True), nn.ReLU(),
            nn.ReflectionPad2d(3), nn.Conv2d(width, 3, 7), nn.Tanh())

    def forward(self, x):
        return self.net(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="where to write the .onnx file")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = TinyGenerator().eval()
    example = torch.zeros(1, 3, 64, 64)
    torch.onnx.export(model, example, args.output, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"},
                                    "output": {0: "batch", 2: "height", 3: "width"}},
                      opset_version=17)


if __name__ == "__main__":
    main()
