"""A deep Q-network learning to balance a pole on a cart, from a replay memory.

The cart-pole is simulated in the program (Euler steps of 0.02 s of the classic
equations; an episode fails when the pole leans past 12 degrees or the cart leaves
+-2.4, and stops after 200 steps), started from a seeded numpy generator. The agent
acts epsilon-greedily on a Q-network, stores every transition in a replay memory, and
after each step fits the Q-network on a random minibatch against a target network
(the Huber loss between Q(s, a) and r + gamma * max_a' Q_target(s', a')); the target
network follows the Q-network by a soft update of its state dict.

Idioms: a `namedtuple` transition and a `deque` replay memory sampled with
`random.sample`, `torch.tensor(obs, dtype=torch.float32).unsqueeze(0)`,
`policy_net(state).max(1).indices.view(1, 1)`, a bool mask `torch.tensor(tuple(map(...)),
dtype=torch.bool)`, `torch.cat` of the batch's tensors, `gather(1, action_batch)`,
masked assignment `next_values[mask] = target_net(...).max(1).values` under
`torch.no_grad()`, `nn.SmoothL1Loss`, `optim.AdamW(lr=3e-4, amsgrad=True)`,
`torch.nn.utils.clip_grad_value_`, the soft update `policy * TAU + target * (1 - TAU)`
per state-dict key and `load_state_dict`.

In the manner of the PyTorch tutorials' "Reinforcement Learning (DQN) Tutorial".
"""

import math
import random
from collections import deque, namedtuple

import numpy as np

import autograd as torch
import nn
import optim


class CartPole:
    """The cart-pole balancing task; step() returns (obs, reward, terminated, truncated)."""

    GRAVITY, CART_MASS, POLE_MASS, HALF_LENGTH = 9.8, 1.0, 0.1, 0.5
    FORCE, DT, MAX_ANGLE, MAX_X, MAX_STEPS = 10.0, 0.02, 12 * math.pi / 180, 2.4, 200

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.state = None
        self.steps = 0

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=4)
        self.steps = 0
        return self.state.astype(np.float32)

    def step(self, action):
        x, x_dot, angle, angle_dot = self.state
        force = self.FORCE if action == 1 else -self.FORCE
        total = self.CART_MASS + self.POLE_MASS
        pole_moment = self.POLE_MASS * self.HALF_LENGTH
        cos, sin = math.cos(angle), math.sin(angle)
        tmp = (force + pole_moment * angle_dot**2 * sin) / total
        angle_acc = (self.GRAVITY * sin - cos * tmp) / (
            self.HALF_LENGTH * (4.0 / 3.0 - self.POLE_MASS * cos**2 / total)
        )
        x_acc = tmp - pole_moment * angle_acc * cos / total
        x, x_dot = x + self.DT * x_dot, x_dot + self.DT * x_acc
        angle, angle_dot = angle + self.DT * angle_dot, angle_dot + self.DT * angle_acc
        self.state = np.array([x, x_dot, angle, angle_dot])
        self.steps += 1
        failed = abs(x) > self.MAX_X or abs(angle) > self.MAX_ANGLE
        return self.state.astype(np.float32), 1.0, failed, self.steps >= self.MAX_STEPS


Transition = namedtuple("Transition", ("state", "action", "next_state", "reward"))


class Replay:
    """The last `capacity` transitions, sampled uniformly."""

    def __init__(self, capacity):
        self.buffer = deque([], maxlen=capacity)

    def push(self, *fields):
        self.buffer.append(Transition(*fields))

    def sample(self, n):
        return random.sample(self.buffer, n)

    def __len__(self):
        return len(self.buffer)


class QNet(nn.Module):
    """Q-values of the two actions from the four observations."""

    def __init__(self, n_obs, n_actions, width=32):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_obs, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU()
        )
        self.head = nn.Linear(width, n_actions)

    def forward(self, x):
        return self.head(self.body(x))


BATCH, GAMMA, TAU, LR = 32, 0.98, 0.01, 3e-4
EPS_START, EPS_END, EPS_DECAY = 0.9, 0.05, 300

random.seed(3)
torch.manual_seed(3)
env = CartPole(seed=3)
policy_net = QNet(4, 2)
target_net = QNet(4, 2)
target_net.load_state_dict(policy_net.state_dict())
optimizer = optim.AdamW(policy_net.parameters(), lr=LR, amsgrad=True)
memory = Replay(5000)
criterion = nn.SmoothL1Loss()
steps_done = 0


def choose_action(state):
    """The greedy action with probability 1 - epsilon (decaying), else a random one."""
    global steps_done
    epsilon = EPS_END + (EPS_START - EPS_END) * math.exp(-steps_done / EPS_DECAY)
    steps_done += 1
    if random.random() > epsilon:
        with torch.no_grad():
            return policy_net(state).max(1).indices.view(1, 1)
    return torch.tensor([[random.randrange(2)]], dtype=torch.long)


def learn():
    """One AdamW step on a random minibatch of the replay memory."""
    if len(memory) < BATCH:
        return None
    batch = Transition(*zip(*memory.sample(BATCH)))
    not_final = torch.tensor(
        tuple(map(lambda s: s is not None, batch.next_state)), dtype=torch.bool
    )
    next_states = torch.cat([s for s in batch.next_state if s is not None])
    states = torch.cat(batch.state)
    actions = torch.cat(batch.action)
    rewards = torch.cat(batch.reward)

    q_taken = policy_net(states).gather(1, actions)
    next_values = torch.zeros(BATCH)
    with torch.no_grad():
        next_values[not_final] = target_net(next_states).max(1).values
    targets = rewards + GAMMA * next_values
    loss = criterion(q_taken, targets.unsqueeze(1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(policy_net.parameters(), 100)
    optimizer.step()
    return loss.item()


episode_durations = []
for episode in range(12):
    state = torch.tensor(env.reset(), dtype=torch.float32).unsqueeze(0)
    losses = []
    while True:
        action = choose_action(state)
        obs, reward, failed, truncated = env.step(action.item())
        next_state = None if failed else torch.tensor(obs, dtype=torch.float32).unsqueeze(0)
        memory.push(state, action, next_state, torch.tensor([reward]))
        state = next_state
        loss = learn()
        if loss is not None:
            losses.append(loss)

        policy_sd, target_sd = policy_net.state_dict(), target_net.state_dict()
        for key in policy_sd:
            target_sd[key] = policy_sd[key] * TAU + target_sd[key] * (1 - TAU)
        target_net.load_state_dict(target_sd)

        if failed or truncated:
            episode_durations.append(env.steps)
            mean = sum(losses) / len(losses) if losses else float("nan")
            print(f"episode {episode:2d}: {env.steps:3d} steps, mean loss {mean:.6f}")
            break
print(f"{steps_done} steps in all")
