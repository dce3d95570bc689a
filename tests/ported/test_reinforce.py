"""pytorch/examples reinforcement_learning/reinforce.py: REINFORCE on CartPole, a policy
network with dropout sampling its actions from a `Categorical`, trained with Adam on
normalised discounted returns.

Source:
https://github.com/pytorch/examples/blob/main/reinforcement_learning/reinforce.py

Ported as programs/reinforce.py: `from torch.distributions import Categorical`,
`Categorical(probs).sample()` and `.log_prob(action)` of a batch of one, `F.softmax`,
`nn.Dropout` in training mode during the rollouts, `torch.from_numpy(state).float()`,
`torch.tensor(deque)`, `(returns - returns.mean()) / (returns.std() + eps)` with `eps` from
`np.finfo(np.float32).eps.item()`, `torch.cat` of the per-step losses, iterating over a
tensor, and `del policy.rewards[:]`. gymnasium's CartPole-v1 is a numpy class in the
program (see its docstring).

Compared with PyTorch: the episode log (40 episodes, every 5th printed: each episode's
length depends on every sampled action, so any drift in the probabilities would show as a
different reward) and the policy's output layer after training.

Tolerance: rtol 1e-5 on what is printed (the rewards are integers and the running reward
prints 2 decimals: they agree exactly); rtol 1e-4 on the weights (float32 after 40 Adam
steps).

Randomness: seeded by the program (`--seed 543`: the environment's start states, the
initial weights, the dropout masks and the sampled actions): equal since graphgrad draws
PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "reinforce"
ARGV = "--episodes 40 --log-interval 5"
RECORD = {"affine2.weight": "policy.affine2.weight", "affine2.bias": "policy.affine2.bias"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Episode 5\tLast reward: 14.00\tAverage reward: 12.95
Episode 10\tLast reward: 40.00\tAverage reward: 16.52
Episode 15\tLast reward: 23.00\tAverage reward: 18.56
Episode 20\tLast reward: 13.00\tAverage reward: 18.72
Episode 25\tLast reward: 27.00\tAverage reward: 19.45
Episode 30\tLast reward: 63.00\tAverage reward: 22.55
Episode 35\tLast reward: 43.00\tAverage reward: 25.32
Episode 40\tLast reward: 93.00\tAverage reward: 36.51
"""
PYTORCH = {
    "affine2.weight": {
        "shape": [2, 128],
        "norm": 1.290768977522181,
        "head": [
            0.0891343429684639,
            -0.024517158046364784,
            0.09602136164903641,
            -0.07522495836019516,
            -0.0328279510140419,
            -0.00501009589061141,
        ],
    },
    "affine2.bias": [0.09300332516431808, -0.06431344896554947],
}
# --- end of PyTorch's output ---


def test_reinforce():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
