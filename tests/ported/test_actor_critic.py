"""Actor-critic on a cart-pole: one shared layer feeding a softmax actor head (sampled
through a `Categorical`) and a value head trained with the smooth L1 loss:
programs/actor_critic.py, in the manner of pytorch/examples'
reinforcement_learning/actor_critic.py.

Idioms: `Categorical` over an unbatched probability vector, `dist.log_prob(action)` kept
in a `namedtuple` with the value, `F.softmax(dim=-1)`, `torch.tensor(list_of_floats)`,
standardised returns, `G - value.item()` with `G` a 0-d tensor,
`F.smooth_l1_loss(value, torch.tensor([G]))` (a list holding a 0-d tensor),
`torch.stack(...).sum()` of both losses, one backward through both heads. The cart-pole
is a pair of numpy closures in the program.

Compared with PyTorch: the episode log (40 episodes, every 5th printed: each episode's
length depends on every sampled action) and the critic and actor heads after training.

Tolerance: rtol 1e-5 on what is printed (integers and 2 decimals: they agree exactly);
rtol 1e-4 on the weights (float32 after 40 Adam steps).

Randomness: seeded by the program (`--seed 29`: the start states, the initial weights and
the sampled actions): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "actor_critic"
ARGV = "--episodes 40 --report 5"
RECORD = {"critic.weight": "model.critic.weight", "actor.bias": "model.actor.bias"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
episode   5: lasted   9 steps, smoothed 11.50
episode  10: lasted  16 steps, smoothed 13.92
episode  15: lasted  26 steps, smoothed 15.59
episode  20: lasted  15 steps, smoothed 16.09
episode  25: lasted  17 steps, smoothed 16.82
episode  30: lasted  20 steps, smoothed 19.07
episode  35: lasted  20 steps, smoothed 22.76
episode  40: lasted  14 steps, smoothed 21.65
"""
PYTORCH = {
    "critic.weight": {
        "shape": [1, 32],
        "norm": 0.8453728399236546,
        "head": [
            0.10329832136631012,
            0.10283202677965164,
            -0.015487737022340298,
            -0.31030508875846863,
            -0.0039301286451518536,
            0.04772572219371796,
        ],
    },
    "actor.bias": [0.1307177096605301, 0.022218218073248863],
}
# --- end of PyTorch's output ---


def test_actor_critic():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
