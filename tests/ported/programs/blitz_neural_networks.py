"""A small convolutional network taken through one forward and backward pass by hand:
its layers, its parameters, a loss, the graph behind the loss, a hand-made update and
then the same update done by ``optim.SGD``.

``TinyConvNet`` reads a 1 x 20 x 20 image through two 3 x 3 convolutions, each followed by
ReLU and 2 x 2 max pooling, and two linear layers to ten scores. The program prints the
module tree and the parameter shapes, backpropagates a random gradient from the output,
computes a mean squared error to a random target, walks a few steps back through the
loss's ``grad_fn`` chain, and trains for a few steps, first with an explicit
``p.data.sub_(p.grad.data * lr)`` and then with ``optim.SGD``.

Idioms: ``nn.Conv2d``, ``nn.Linear``, ``F.relu``, ``F.max_pool2d(x, (2, 2))`` and
``F.max_pool2d(x, 2)``, ``torch.flatten(x, 1)``, ``print(net)``, ``list(net.parameters())``
and ``params[0].size()``, ``net.zero_grad()``, ``out.backward(torch.randn(1, 10))``,
``nn.MSELoss``, ``target.view(1, -1)``, ``loss.grad_fn`` and
``loss.grad_fn.next_functions[0][0]``, ``net.conv1.bias.grad`` before and after
``backward``, ``f.data.sub_(f.grad.data * learning_rate)``, ``optim.SGD``,
``optimizer.zero_grad()``/``step()``, ``state_dict()``.
In the manner of pytorch/tutorials' "Deep Learning with PyTorch: A 60 Minute Blitz"
(neural networks).
"""

import autograd as torch
import nn
import nn.functional as F
import optim


class TinyConvNet(nn.Module):
    """conv(1->4, 3x3) -> pool -> conv(4->8, 3x3) -> pool -> 72 -> 32 -> 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.fc1 = nn.Linear(8 * 3 * 3, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))  # 20 -> 18 -> 9
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # 9 -> 7 -> 3
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def main():
    """The walk-through; returns the network."""
    torch.manual_seed(2024)
    net = TinyConvNet()
    print(net)

    params = list(net.parameters())
    print("parameter tensors:", len(params))
    for p in params:
        print(" ", tuple(p.size()))
    print("conv1 weight size:", params[0].size())

    image = torch.randn(1, 1, 20, 20)
    out = net(image)
    print("scores:", out)

    net.zero_grad()
    out.backward(torch.randn(1, 10))
    print("conv1 bias grad after a random backward:", net.conv1.bias.grad)

    target = torch.randn(10).view(1, -1)
    criterion = nn.MSELoss()
    loss = criterion(net(image), target)
    print("loss:", loss)
    print("graph:", loss.grad_fn)
    print("  <-", loss.grad_fn.next_functions[0][0])
    print("  <-", loss.grad_fn.next_functions[0][0].next_functions[0][0])

    net.zero_grad()
    print("conv1 bias grad before backward:", net.conv1.bias.grad)
    loss.backward()
    print("conv1 bias grad after backward:", net.conv1.bias.grad)

    learning_rate = 0.05
    for step in range(3):
        for f in net.parameters():
            f.data.sub_(f.grad.data * learning_rate)
        net.zero_grad()
        loss = criterion(net(image), target)
        loss.backward()
        print(f"manual step {step + 1}: loss {loss.item():.6f}")

    optimizer = optim.SGD(net.parameters(), lr=learning_rate)
    for step in range(3):
        optimizer.zero_grad()
        loss = criterion(net(image), target)
        loss.backward()
        optimizer.step()
        print(f"SGD step {step + 1}: loss {loss.item():.6f}")
    print("final scores:", net(image).detach())
    return net


if __name__ == "__main__":
    net = main()
