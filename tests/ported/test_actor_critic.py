"""pytorch/examples reinforcement_learning/actor_critic.py: actor-critic on CartPole, one
network with a softmax action head (sampled through a `Categorical`) and a value head
trained with the smooth L1 loss.

Source:
https://github.com/pytorch/examples/blob/main/reinforcement_learning/actor_critic.py

Ported as programs/actor_critic.py: `Categorical` over an unbatched probability vector,
`m.log_prob(action)` kept in a `namedtuple` with the value, `F.softmax(dim=-1)`,
`torch.tensor(list_of_floats)`, normalised returns, `R - value.item()` with `R` a 0-d
tensor, `F.smooth_l1_loss(value, torch.tensor([R]))` (a list holding a 0-d tensor),
`torch.stack(...).sum()` of both losses, one backward through both heads. gymnasium's
CartPole-v1 is a numpy class in the program (see its docstring).

Compared with PyTorch: the episode log (40 episodes, every 5th printed: each episode's
length depends on every sampled action) and the value head after training.

Tolerance: rtol 1e-5 on what is printed (integers and 2 decimals: they agree exactly);
rtol 1e-4 on the weights (float32 after 40 Adam steps).

Randomness: seeded by the program (`--seed 543`: the environment's start states, the
initial weights and the sampled actions): equal since graphgrad draws PyTorch's numbers
(issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "actor_critic"
ARGV = "--episodes 40 --log-interval 5"
RECORD = {
    "value_head.weight": "model.value_head.weight",
    "action_head.bias": "model.action_head.bias",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Episode 5\tLast reward: 10.00\tAverage reward: 11.36
Episode 10\tLast reward: 9.00\tAverage reward: 10.83
Episode 15\tLast reward: 9.00\tAverage reward: 10.45
Episode 20\tLast reward: 11.00\tAverage reward: 10.35
Episode 25\tLast reward: 10.00\tAverage reward: 10.27
Episode 30\tLast reward: 9.00\tAverage reward: 10.07
Episode 35\tLast reward: 9.00\tAverage reward: 9.95
Episode 40\tLast reward: 8.00\tAverage reward: 9.78
"""
PYTORCH = {
    "value_head.weight": {
        "shape": [1, 128],
        "norm": 1.412493701581978,
        "head": [
            -0.07052335888147354,
            -0.02638290449976921,
            -0.18616390228271484,
            0.030444206669926643,
            0.0015268116258084774,
            -0.086247518658638,
        ],
    },
    "action_head.bias": [-0.15947650372982025, 0.18816636502742767],
}
# --- end of PyTorch's output ---


def test_actor_critic():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
