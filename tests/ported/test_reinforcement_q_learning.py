"""A deep Q-network learning the cart-pole from a replay memory, with a softly updated
target network.

programs/reinforcement_q_learning.py, in the manner of the PyTorch tutorials'
"Reinforcement Learning (DQN) Tutorial": a `namedtuple` replay memory sampled with
`random.sample`, `torch.tensor(observation, dtype=torch.float32).unsqueeze(0)`,
epsilon-greedy `policy_net(state).max(1).indices.view(1, 1)`, a bool mask
`torch.tensor(tuple(map(...)), dtype=torch.bool)`, `torch.cat` of the batch's tensors,
`gather(1, action_batch)`, masked assignment `next_values[mask] = ...max(1).values`
under `no_grad`, `nn.SmoothL1Loss`, `optim.AdamW(lr=3e-4, amsgrad=True)`,
`torch.nn.utils.clip_grad_value_`, and the target network's soft update through its state
dict (`policy * TAU + target * (1 - TAU)` per key, `load_state_dict`).

Compared with PyTorch: what it prints (each episode's duration and mean loss), the
episodes' durations (which depend on every action the network chose) and both networks'
weights after 12 episodes.

Tolerance: rtol 1e-5 (float32; the durations are integers and must be equal; the weights
after a few hundred AdamW steps agree to about 1e-6).

Randomness: seeded by the program (`random.seed(3)` for the exploration and the
memory's samples, `torch.manual_seed(3)` for the initialisation; the environment's own
numpy generator): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "reinforcement_q_learning"
ARGV = ""
RECORD = {
    "durations": "episode_durations",
    "policy": "policy_net.state_dict()",
    "target": "target_net.state_dict()",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
episode  0:  34 steps, mean loss 0.517447
episode  1:  11 steps, mean loss 0.493504
episode  2:  39 steps, mean loss 0.443552
episode  3:  20 steps, mean loss 0.396368
episode  4:  15 steps, mean loss 0.364333
episode  5:  10 steps, mean loss 0.335463
episode  6:  10 steps, mean loss 0.313531
episode  7:  25 steps, mean loss 0.276608
episode  8:  17 steps, mean loss 0.227662
episode  9:  14 steps, mean loss 0.185367
episode 10:  20 steps, mean loss 0.160594
episode 11:  15 steps, mean loss 0.131473
230 steps in all
"""
PYTORCH = {
    "durations": [34, 11, 39, 20, 15, 10, 10, 25, 17, 14, 20, 15],
    "policy": {
        "body.0.weight": {
            "shape": [32, 4],
            "norm": 3.5361210415422986,
            "head": [
                -0.5169197916984558,
                -0.4125739634037018,
                -0.18787169456481934,
                -0.45282605290412903,
                -0.09312235563993454,
                -0.5107331275939941,
            ],
        },
        "body.0.bias": {
            "shape": [32],
            "norm": 1.769239610430339,
            "head": [
                -0.11199771612882614,
                0.10484766960144043,
                0.5184763669967651,
                0.08273878693580627,
                0.27254292368888855,
                -0.15274251997470856,
            ],
        },
        "body.2.weight": {
            "shape": [32, 32],
            "norm": 3.490832925841365,
            "head": [
                -0.10002902150154114,
                0.08085855841636658,
                0.10666053742170334,
                0.17115682363510132,
                -0.09239938855171204,
                -0.13130831718444824,
            ],
        },
        "body.2.bias": {
            "shape": [32],
            "norm": 0.6965021916115689,
            "head": [
                0.0820474699139595,
                0.2004895955324173,
                0.19754989445209503,
                0.18996165692806244,
                -0.09921392798423767,
                -0.07252617925405502,
            ],
        },
        "head.weight": {
            "shape": [2, 32],
            "norm": 0.9385502219062506,
            "head": [
                0.1565687507390976,
                -0.009539072401821613,
                -0.07490462064743042,
                0.033485252410173416,
                -0.16942165791988373,
                -0.01444605179131031,
            ],
        },
        "head.bias": [0.19570091366767883, 0.10790259391069412],
    },
    "target": {
        "body.0.weight": {
            "shape": [32, 4],
            "norm": 3.469470784528142,
            "head": [
                -0.5137283205986023,
                -0.41271036863327026,
                -0.19005368649959564,
                -0.45294076204299927,
                -0.06357406079769135,
                -0.4784613847732544,
            ],
        },
        "body.0.bias": {
            "shape": [32],
            "norm": 1.7108846877370703,
            "head": [
                -0.11360834538936615,
                0.06925816833972931,
                0.4848441183567047,
                0.0471327006816864,
                0.24972404539585114,
                -0.14326392114162445,
            ],
        },
        "body.2.weight": {
            "shape": [32, 32],
            "norm": 3.321314726188024,
            "head": [
                -0.11575198173522949,
                0.053900085389614105,
                0.08259479701519012,
                0.13295914232730865,
                -0.11569979041814804,
                -0.1459590494632721,
            ],
        },
        "body.2.bias": {
            "shape": [32],
            "norm": 0.6129337227786418,
            "head": [
                0.058907561004161835,
                0.1706070750951767,
                0.17279447615146637,
                0.15261785686016083,
                -0.09923945367336273,
                -0.07254473119974136,
            ],
        },
        "head.weight": {
            "shape": [2, 32],
            "norm": 0.8505561297178984,
            "head": [
                0.12661099433898926,
                -0.04049674794077873,
                -0.10074763000011444,
                -0.0067426287569105625,
                -0.16946516931056976,
                -0.014449729584157467,
            ],
        },
        "head.bias": [0.17415493726730347, 0.08812053501605988],
    },
}
# --- end of PyTorch's output ---


def test_reinforcement_q_learning():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
