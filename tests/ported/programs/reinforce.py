"""Balancing a pole on a cart with the REINFORCE policy gradient.

The cart-pole is simulated below in numpy (the classic frictionless equations, Euler
steps of 20 ms, failure past 12 degrees or 2.4 units, episodes capped at 200 steps). A
small policy network with dropout maps the 4 state numbers to the probabilities of
pushing left or right; an action is sampled from a `Categorical`; after each episode the
discounted returns are standardised and the summed -log_prob * return is minimised with
Adam. Every few episodes the episode length and an exponential average are printed.

Idioms: `from torch.distributions import Categorical`, `Categorical(probs).sample()` and
`.log_prob(action)` of a batch of one, `F.softmax`, `nn.Dropout` active during the
rollouts, `torch.from_numpy(obs).float().unsqueeze(0)`, `torch.tensor(deque)`,
`(g - g.mean()) / (g.std() + eps)` with `eps = np.finfo(np.float32).eps.item()`,
`torch.cat` of the per-step losses, iterating over a tensor, `del policy.rewards[:]`.

In the manner of pytorch/examples' reinforcement_learning/reinforce.py.
"""

import argparse
import math
from collections import deque

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from autograd.distributions import Categorical


class CartPole:
    """A frictionless cart with a hinged pole; reward 1 for every step it stays up."""

    GRAVITY, CART_MASS, POLE_MASS, HALF_LENGTH = 9.8, 1.0, 0.1, 0.5
    PUSH, DT, MAX_ANGLE, MAX_X = 10.0, 0.02, 12 * math.pi / 180, 2.4

    def __init__(self, seed, max_steps=200):
        self.rng = np.random.RandomState(seed)
        self.max_steps = max_steps

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=4)
        self.t = 0
        return self.state.copy()

    def step(self, action):
        x, v, angle, spin = self.state
        force = self.PUSH if action == 1 else -self.PUSH
        total = self.CART_MASS + self.POLE_MASS
        arm = self.POLE_MASS * self.HALF_LENGTH
        cos, sin = math.cos(angle), math.sin(angle)
        push = (force + arm * spin**2 * sin) / total
        spin_acc = (self.GRAVITY * sin - cos * push) / (
            self.HALF_LENGTH * (4.0 / 3.0 - self.POLE_MASS * cos**2 / total)
        )
        acc = push - arm * spin_acc * cos / total
        x, v = x + self.DT * v, v + self.DT * acc
        angle, spin = angle + self.DT * spin, spin + self.DT * spin_acc
        self.state = np.array([x, v, angle, spin])
        self.t += 1
        fallen = abs(x) > self.MAX_X or abs(angle) > self.MAX_ANGLE
        return self.state.copy(), 1.0, fallen or self.t >= self.max_steps


class Policy(nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.hidden = nn.Linear(4, hidden)
        self.drop = nn.Dropout(p=0.5)
        self.head = nn.Linear(hidden, 2)
        self.log_probs = []
        self.rewards = []

    def forward(self, obs):
        h = F.relu(self.drop(self.hidden(obs)))
        return F.softmax(self.head(h), dim=1)


def choose(policy, obs):
    probs = policy(torch.from_numpy(obs).float().unsqueeze(0))
    dist = Categorical(probs)
    action = dist.sample()
    policy.log_probs.append(dist.log_prob(action))
    return action.item()


def learn(policy, opt, gamma, eps):
    returns = deque()
    g = 0.0
    for r in reversed(policy.rewards):
        g = r + gamma * g
        returns.appendleft(g)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    terms = []
    for log_prob, ret in zip(policy.log_probs, returns):
        terms.append(-log_prob * ret)
    opt.zero_grad()
    loss = torch.cat(terms).sum()
    loss.backward()
    opt.step()
    del policy.rewards[:]
    del policy.log_probs[:]


def main():
    ap = argparse.ArgumentParser(description="REINFORCE on a cart-pole")
    ap.add_argument("--gamma", type=float, default=0.98)
    ap.add_argument("--lr", type=float, default=5e-3)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--episodes", type=int, default=60)
    ap.add_argument("--report", type=int, default=10, help="episodes between log lines")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    env = CartPole(args.seed)
    policy = Policy()
    opt = optim.Adam(policy.parameters(), lr=args.lr)
    eps = np.finfo(np.float32).eps.item()
    average = 10.0
    for episode in range(1, args.episodes + 1):
        obs, total, done = env.reset(), 0.0, False
        while not done:
            obs, reward, done = env.step(choose(policy, obs))
            policy.rewards.append(reward)
            total += reward
        average = 0.9 * average + 0.1 * total
        learn(policy, opt, args.gamma, eps)
        if episode % args.report == 0:
            print(f"episode {episode:3d}  length {int(total):3d}  average {average:.2f}")
    return policy


if __name__ == "__main__":
    policy = main()
