"""Reinforcement Learning (DQN): a Q-network learning the cart-pole from a replay memory,
with a softly updated target network.

Source:
https://github.com/pytorch/tutorials/blob/main/intermediate_source/reinforcement_q_learning.py

Ported as programs/reinforcement_q_learning.py: a `namedtuple` replay memory sampled with
`random.sample`, `torch.tensor(observation, dtype=torch.float32).unsqueeze(0)`,
epsilon-greedy `policy_net(state).max(1).indices.view(1, 1)`, a bool mask
`torch.tensor(tuple(map(...)), dtype=torch.bool)`, `torch.cat` of the batch's tensors,
`gather(1, action_batch)`, masked assignment `next_state_values[mask] = ...max(1).values`
under `no_grad`, `nn.SmoothL1Loss`, `optim.AdamW(lr=3e-4, amsgrad=True)`,
`torch.nn.utils.clip_grad_value_`, and the target network's soft update through its state
dict (`policy * TAU + target * (1 - TAU)` per key, `load_state_dict`).

Compared with PyTorch: the episodes' durations (which depend on every action the network
chose) and both networks' weights after 12 episodes.

Tolerance: rtol 1e-5 (float32; the durations are integers and must be equal; the weights
after about 200 AdamW steps agree to about 1e-6).

Randomness: seeded (the tutorial's seeding lines, uncommented: `random.seed(42)` for the
exploration and the memory's samples, `torch.manual_seed(42)` for the initialisation;
the environment's own numpy generator): equal since graphgrad draws PyTorch's numbers
(issue 21).
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
Complete
"""
PYTORCH = {
    "durations": [25, 26, 22, 9, 13, 22, 13, 58, 28, 12, 14, 17],
    "policy": {
        "layer1.weight": {
            "shape": [128, 4],
            "norm": 6.575806883910898,
            "head": [
                0.3890989124774933,
                0.43396708369255066,
                -0.12431909143924713,
                0.4463875889778137,
                -0.11212251335382462,
                0.096653051674366,
            ],
        },
        "layer1.bias": {
            "shape": [128],
            "norm": 3.4337574293441877,
            "head": [
                0.15910343825817108,
                -0.37789100408554077,
                -0.3049880862236023,
                -0.41552603244781494,
                0.4628992974758148,
                -0.46481022238731384,
            ],
        },
        "layer2.weight": {
            "shape": [128, 128],
            "norm": 6.708157126242205,
            "head": [
                0.047419771552085876,
                -0.09640217572450638,
                0.07342341542243958,
                0.055432405322790146,
                -0.05304904654622078,
                -0.05540541559457779,
            ],
        },
        "layer2.bias": {
            "shape": [128],
            "norm": 0.6293243946146864,
            "head": [
                0.021644236519932747,
                0.015319572761654854,
                -0.06435415148735046,
                -0.024790285155177116,
                0.03865478187799454,
                -0.059903405606746674,
            ],
        },
        "layer3.weight": {
            "shape": [2, 128],
            "norm": 0.9421868253221307,
            "head": [
                0.020154403522610664,
                -0.040303368121385574,
                -0.04560254141688347,
                0.055728327482938766,
                -0.04981787130236626,
                -0.01816091500222683,
            ],
        },
        "layer3.bias": [-0.029269473627209663, 0.024477792903780937],
    },
    "target": {
        "layer1.weight": {
            "shape": [128, 4],
            "norm": 6.559148209873378,
            "head": [
                0.38488641381263733,
                0.4181472957134247,
                -0.1194443330168724,
                0.456927627325058,
                -0.1116667240858078,
                0.09865815192461014,
            ],
        },
        "layer1.bias": {
            "shape": [128],
            "norm": 3.382044626086464,
            "head": [
                0.15358291566371918,
                -0.3792295455932617,
                -0.3102203905582428,
                -0.41564688086509705,
                0.444869726896286,
                -0.46873927116394043,
            ],
        },
        "layer2.weight": {
            "shape": [128, 128],
            "norm": 6.556386277754616,
            "head": [
                0.027750372886657715,
                -0.08149820566177368,
                0.08075232803821564,
                0.05544821918010712,
                -0.07616028934717178,
                -0.040734462440013885,
            ],
        },
        "layer2.bias": {
            "shape": [128],
            "norm": 0.5864956931420672,
            "head": [
                -0.0025549361016601324,
                -0.0019039757316932082,
                -0.06437290459871292,
                -0.02180098183453083,
                0.04121224582195282,
                -0.07595445215702057,
            ],
        },
        "layer3.weight": {
            "shape": [2, 128],
            "norm": 0.8610605610058826,
            "head": [
                0.004153167828917503,
                -0.05123448371887207,
                -0.04561549425125122,
                0.05321258679032326,
                -0.05220057815313339,
                -0.03452632203698158,
            ],
        },
        "layer3.bias": [-0.04035315290093422, 0.013795789331197739],
    },
}
# --- end of PyTorch's output ---


def test_reinforcement_q_learning():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert got.values["durations"] == PYTORCH["durations"]
    assert_values(got.values, PYTORCH, rtol=1e-5)
