"""Balancing a pole on a cart with a one-step-return actor-critic.

The cart-pole is simulated in numpy below (frictionless cart and pole, 20 ms Euler
steps, failure past 12 degrees or 2.4 units, episodes capped at 200 steps). One shared
hidden layer feeds an actor head (the probabilities of pushing left or right, sampled
through a `Categorical`) and a critic head (the state's value). After each episode the
standardised discounted returns train the actor with the advantage `G - V(s)` and the
critic with the smooth L1 loss, both in one backward pass through the shared layer.

Idioms: `Categorical` over an unbatched probability vector, `dist.log_prob(action)` kept
in a `namedtuple` with the value, `F.softmax(dim=-1)`, `torch.tensor(list_of_floats)`,
standardised returns, `G - value.item()` with `G` a 0-d tensor,
`F.smooth_l1_loss(value, torch.tensor([G]))` (a list holding a 0-d tensor),
`torch.stack(...).sum()` of both losses, `optim.Adam`, argparse.

In the manner of pytorch/examples' reinforcement_learning/actor_critic.py.
"""

import argparse
import math
from collections import namedtuple

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from autograd.distributions import Categorical

Step = namedtuple("Step", ["log_prob", "value"])


def make_pole(seed, limit=200):
    """A cart-pole as a (reset, step) pair of closures over its state."""
    rng = np.random.RandomState(seed)
    g, m_cart, m_pole, half, push, dt = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    s = {"x": np.zeros(4), "t": 0}

    def reset():
        s["x"], s["t"] = rng.uniform(-0.05, 0.05, size=4), 0
        return s["x"].copy()

    def step(action):
        x, dx, th, dth = s["x"]
        f = push if action else -push
        mass = m_cart + m_pole
        tmp = (f + m_pole * half * dth * dth * math.sin(th)) / mass
        ddth = (g * math.sin(th) - math.cos(th) * tmp) / (
            half * (4.0 / 3.0 - m_pole * math.cos(th) ** 2 / mass)
        )
        ddx = tmp - m_pole * half * ddth * math.cos(th) / mass
        s["x"] = np.array([x + dt * dx, dx + dt * ddx, th + dt * dth, dth + dt * ddth])
        s["t"] += 1
        down = abs(s["x"][0]) > 2.4 or abs(s["x"][2]) > 12 * math.pi / 180
        return s["x"].copy(), 1.0, down or s["t"] >= limit

    return reset, step


class ActorCritic(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.shared = nn.Linear(4, hidden)
        self.actor = nn.Linear(hidden, 2)
        self.critic = nn.Linear(hidden, 1)
        self.trace = []
        self.rewards = []

    def forward(self, obs):
        h = F.relu(self.shared(obs))
        return F.softmax(self.actor(h), dim=-1), self.critic(h)


def act(model, obs):
    probs, value = model(torch.from_numpy(obs).float())
    dist = Categorical(probs)
    action = dist.sample()
    model.trace.append(Step(dist.log_prob(action), value))
    return action.item()


def update(model, opt, gamma, eps):
    returns, g = [], 0.0
    for r in model.rewards[::-1]:
        g = r + gamma * g
        returns.insert(0, g)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    actor_terms, critic_terms = [], []
    for (log_prob, value), G in zip(model.trace, returns):
        advantage = G - value.item()
        actor_terms.append(-log_prob * advantage)
        critic_terms.append(F.smooth_l1_loss(value, torch.tensor([G])))
    opt.zero_grad()
    loss = torch.stack(actor_terms).sum() + torch.stack(critic_terms).sum()
    loss.backward()
    opt.step()
    model.trace.clear()
    model.rewards.clear()


def main():
    ap = argparse.ArgumentParser(description="actor-critic on a cart-pole")
    ap.add_argument("--gamma", type=float, default=0.97)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--episodes", type=int, default=60)
    ap.add_argument("--report", type=int, default=10)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    reset, step = make_pole(args.seed)
    model = ActorCritic()
    opt = optim.Adam(model.parameters(), lr=args.lr)
    eps = float(np.finfo(np.float32).eps)
    smoothed = 10.0
    for episode in range(1, args.episodes + 1):
        obs, length, done = reset(), 0, False
        while not done:
            obs, reward, done = step(act(model, obs))
            model.rewards.append(reward)
            length += 1
        smoothed = 0.95 * smoothed + 0.05 * length
        update(model, opt, args.gamma, eps)
        if episode % args.report == 0:
            print(
                "episode {:3d}: lasted {:3d} steps, smoothed {:.2f}".format(
                    episode, length, smoothed
                )
            )
    return model


if __name__ == "__main__":
    model = main()
