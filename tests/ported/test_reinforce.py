"""REINFORCE on a cart-pole: a policy network with dropout sampling its actions from a
`Categorical`, trained with Adam on standardised discounted returns:
programs/reinforce.py, in the manner of pytorch/examples'
reinforcement_learning/reinforce.py.

Idioms: `from torch.distributions import Categorical`, `Categorical(probs).sample()` and
`.log_prob(action)` of a batch of one, `F.softmax`, `nn.Dropout` in training mode during
the rollouts, `torch.from_numpy(obs).float()`, `torch.tensor(deque)`, `(g - g.mean()) /
(g.std() + eps)` with `eps` from `np.finfo(np.float32).eps.item()`, `torch.cat` of the
per-step losses, iterating over a tensor, and `del policy.rewards[:]`. The cart-pole is
a numpy class in the program.

Compared with PyTorch: the episode log (40 episodes, every 5th printed: each episode's
length depends on every sampled action, so any drift in the probabilities would show as a
different length) and the policy's output layer after training.

Tolerance: rtol 1e-5 on what is printed (the lengths are integers and the average
prints 2 decimals: they agree exactly); rtol 1e-4 on the weights (float32 after 40 Adam
steps).

Randomness: seeded by the program (`--seed 17`: the start states, the initial weights,
the dropout masks and the sampled actions): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "reinforce"
ARGV = "--episodes 40 --report 5"
RECORD = {"head.weight": "policy.head.weight", "head.bias": "policy.head.bias"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
episode   5  length  40  average 16.13
episode  10  length  11  average 14.93
episode  15  length  17  average 15.05
episode  20  length  39  average 19.69
episode  25  length  27  average 26.05
episode  30  length  21  average 27.79
episode  35  length  18  average 26.46
episode  40  length  22  average 34.15
"""
PYTORCH = {
    "head.weight": {
        "shape": [2, 64],
        "norm": 0.899488314838174,
        "head": [
            -0.0034098513424396515,
            -0.09034876525402069,
            -0.0401679128408432,
            0.21847572922706604,
            -0.10160534828901291,
            0.15612298250198364,
        ],
    },
    "head.bias": [0.10322961956262589, -0.06607343256473541],
}
# --- end of PyTorch's output ---


def test_reinforce():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
