"""pytorch/examples: REINFORCE on CartPole (a policy network, `Categorical`), ported: only
the imports changed.

Source: https://github.com/pytorch/examples/blob/main/reinforcement_learning/reinforce.py
Offline: gymnasium is not available; `gym.make('CartPole-v1')` makes the small numpy
`CartPoleEnv` below, which does what gymnasium's CartPole-v1 does (its dynamics, start
states, termination and 500-step time limit). `--episodes` (offline, to keep a run
short) stops after that many episodes, solved or not.
"""

import argparse
import math
import types
from collections import deque
from itertools import count

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from autograd.distributions import Categorical

# ------------------------------------------------ offline: gymnasium's CartPole-v1


class CartPoleEnv:
    """gymnasium's CartPole-v1 in numpy: its dynamics (Euler steps of 0.02 s), its start
    state (uniform in [-0.05, 0.05) from `np.random.default_rng(seed)`), its termination
    (|x| > 2.4 or |theta| > 12 degrees) and its 500-step time limit."""

    def __init__(self, render_mode=None, max_episode_steps=500):
        self.gravity, self.masscart, self.masspole = 9.8, 1.0, 0.1
        self.total_mass = self.masspole + self.masscart
        self.length = 0.5  # actually half the pole's length
        self.polemass_length = self.masspole * self.length
        self.force_mag, self.tau = 10.0, 0.02
        self.theta_threshold_radians = 12 * 2 * math.pi / 360
        self.x_threshold = 2.4
        self.spec = types.SimpleNamespace(
            id="CartPole-v1", reward_threshold=475.0, max_episode_steps=max_episode_steps
        )
        self.render_mode = render_mode
        self.np_random = np.random.default_rng()
        self.state, self.steps = None, 0

    def reset(self, seed=None):
        if seed is not None:
            self.np_random = np.random.default_rng(seed)
        self.state = self.np_random.uniform(low=-0.05, high=0.05, size=(4,))
        self.steps = 0
        return np.array(self.state, dtype=np.float32), {}

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta, sintheta = np.cos(theta), np.sin(theta)
        temp = (force + self.polemass_length * np.square(theta_dot) * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * np.square(costheta) / self.total_mass)
        )
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x, x_dot = x + self.tau * x_dot, x_dot + self.tau * xacc
        theta, theta_dot = theta + self.tau * theta_dot, theta_dot + self.tau * thetaacc
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        self.steps += 1
        terminated = bool(
            x < -self.x_threshold
            or x > self.x_threshold
            or theta < -self.theta_threshold_radians
            or theta > self.theta_threshold_radians
        )
        truncated = self.steps >= self.spec.max_episode_steps
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated, {}

    def render(self):
        pass


def make(env_id, render_mode=None):
    assert env_id == "CartPole-v1", "offline, only CartPole-v1 is available"
    return CartPoleEnv(render_mode=render_mode)


gym = types.SimpleNamespace(make=make)


parser = argparse.ArgumentParser(description="PyTorch REINFORCE example")
parser.add_argument("--gamma", type=float, default=0.99, metavar="G",
                    help="discount factor (default: 0.99)")  # fmt: skip
parser.add_argument("--seed", type=int, default=543, metavar="N",
                    help="random seed (default: 543)")  # fmt: skip
parser.add_argument("--render", action="store_true",
                    help="render the environment")  # fmt: skip
parser.add_argument("--log-interval", type=int, default=10, metavar="N",
                    help="interval between training status logs (default: 10)")  # fmt: skip
# offline: stop after this many episodes (default: when solved)
parser.add_argument("--episodes", type=int, default=None)
args = parser.parse_args()


render_mode = "human" if args.render else None
env = gym.make("CartPole-v1", render_mode=render_mode)
env.reset(seed=args.seed)
torch.manual_seed(args.seed)


class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 128)
        self.dropout = nn.Dropout(p=0.6)
        self.affine2 = nn.Linear(128, 2)

        self.saved_log_probs = []
        self.rewards = []

    def forward(self, x):
        x = self.affine1(x)
        x = self.dropout(x)
        x = F.relu(x)
        action_scores = self.affine2(x)
        return F.softmax(action_scores, dim=1)


policy = Policy()
optimizer = optim.Adam(policy.parameters(), lr=1e-2)
eps = np.finfo(np.float32).eps.item()


def select_action(state):
    state = torch.from_numpy(state).float().unsqueeze(0)
    probs = policy(state)
    m = Categorical(probs)
    action = m.sample()
    policy.saved_log_probs.append(m.log_prob(action))
    return action.item()


def finish_episode():
    R = 0
    policy_loss = []
    returns = deque()
    for r in policy.rewards[::-1]:
        R = r + args.gamma * R
        returns.appendleft(R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    for log_prob, R in zip(policy.saved_log_probs, returns):
        policy_loss.append(-log_prob * R)
    optimizer.zero_grad()
    policy_loss = torch.cat(policy_loss).sum()
    policy_loss.backward()
    optimizer.step()
    del policy.rewards[:]
    del policy.saved_log_probs[:]


def main():
    running_reward = 10
    for i_episode in count(1):
        state, _ = env.reset()
        ep_reward = 0
        for t in range(1, 10000):  # Don't infinite loop while learning
            action = select_action(state)
            state, reward, terminated, truncated, _ = env.step(action)
            if args.render:
                env.render()
            policy.rewards.append(reward)
            ep_reward += reward
            if terminated or truncated:
                break

        running_reward = 0.05 * ep_reward + (1 - 0.05) * running_reward
        finish_episode()
        if i_episode % args.log_interval == 0:
            print(
                f"Episode {i_episode}\tLast reward: {ep_reward:.2f}\tAverage reward: {running_reward:.2f}"
            )
        if running_reward > env.spec.reward_threshold:
            print(
                f"Solved! Running reward is now {running_reward} and the last episode runs to {t} time steps!"
            )
            break
        if args.episodes is not None and i_episode >= args.episodes:  # offline: a short run
            break


if __name__ == "__main__":
    main()
