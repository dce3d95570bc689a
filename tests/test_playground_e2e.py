"""The playground end to end: the real server (`graphgrad-playground`) and Debian's Chromium.

Playwright's Python library drives /usr/bin/chromium (`make test` installs it with apt; no
browser is ever downloaded). Screenshots are checked by content: pixel colours of the heat
map and the text on the page.
"""

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nn.playground import ConfigError, validate

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (/usr/bin/chromium); `make test` installs it "
        "(apt-get install chromium)",
        allow_module_level=True,
    )
pytest.importorskip("uvicorn", reason="the playground's server needs graphgrad[playground]")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
Image = pytest.importorskip("PIL.Image", reason="Pillow (a matplotlib dependency) reads PNGs")

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT = 90_000  # ms; a bound on waits, never a measured duration (generous: the
# machine may be busy with other work, and a wait ends as soon as its condition holds)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(url: str) -> dict:
    with urllib.request.urlopen(url + "api/status", timeout=10) as r:
        return json.loads(r.read())


def wait_sessions(url: str, n: int) -> None:
    """Wait (at most TIMEOUT) until the server holds n sessions."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        if status(url)["sessions"] == n:
            return
        time.sleep(0.05)
    assert status(url)["sessions"] == n


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    cmd = [sys.executable, "-m", "nn.playground.cli", "--port", str(port), "--max-sessions", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"graphgrad-playground exited: {proc.stdout.read()}")
        try:
            status(url)
            break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("graphgrad-playground did not answer on " + url)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
            env={**os.environ, "HOME": str(tmp_path_factory.mktemp("home"))},
        )
        context.set_default_timeout(TIMEOUT)
        yield context
        context.close()


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server)
    page.wait_for_function("window.playground.frames > 0 && window.playground.graphs > 0")
    yield page
    page.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def message_for(settings: dict) -> str:
    """The server's own message for bad settings (the page must show the same words)."""
    with pytest.raises(ConfigError) as e:
        validate(settings)
    (message,) = e.value.errors.values()
    return message


def png(data: bytes):
    return Image.open(io.BytesIO(data)).convert("RGB")


def blue(rgb) -> bool:
    r, g, b = rgb
    return b > r + 40


def orange(rgb) -> bool:
    r, g, b = rgb
    return r > b + 40


def wait_for_error(page, expected: str) -> None:
    """Wait until the page's error box shows `expected`; on a timeout, say what it shows."""
    try:
        page.wait_for_function(
            f"document.querySelector('#errors').textContent.includes({json.dumps(expected)})"
        )
    except sync_api.TimeoutError:
        shown, pending, editing = page.evaluate(
            "[document.querySelector('#errors').textContent, window.playground.pending, "
            "window.playground.editing]"
        )
        raise AssertionError(
            f"the page never showed {expected!r}: its error box shows {shown!r} "
            f"(answers pending {pending}, a refused edit on the form {editing})"
        ) from None


def set_text(page, selector: str, value: str) -> None:
    page.fill(selector, value)
    page.press(selector, "Enter")


def wait_config(page, **expected) -> None:
    compact = {k: json.dumps(v, separators=(",", ":")) for k, v in expected.items()}
    cond = " && ".join(
        f"JSON.stringify(window.playground.config.{k}) === {json.dumps(v)}"
        for k, v in compact.items()
    )
    page.wait_for_function(cond)


# ---------------------------------------------------------------- the tests


def test_load_shows_the_default_run(page):
    assert page.inner_text("#epoch") == "000,000"
    assert page.inner_text("#layer-count") == "2"
    assert page.locator("#network .node.hidden").count() == 6  # 4 + 2 neurons
    assert page.locator("button.feature:not(.off)").count() == 2  # x1, x2
    assert page.locator("#links path").count() == 2 * 4 + 4 * 2 + 2
    svg = page.locator("#graph-view svg")
    assert "hidden1.weight" in svg.text_content() and "|grad|·|value|" in svg.text_content()
    shot = png(page.locator("#heatmap-box").screenshot())
    colours = {shot.getpixel((x, y)) for x in range(0, 300, 10) for y in range(0, 300, 10)}
    assert len(colours) > 20  # a heat map with points, not a blank square
    assert any(blue(c) for c in colours) and any(orange(c) for c in colours)  # the circle data


def test_train_xor_to_full_test_accuracy_then_pause_step_reset(page, server):
    page.click('#datasets button[data-dataset="xor"]')
    set_text(page, "#units-0", "8")
    set_text(page, "#units-1", "8")
    page.select_option("#activation", "relu")
    page.select_option("#optimizer", "adam")
    wait_config(page, dataset="xor", hidden=[8, 8], activation="relu", optimizer="adam")
    page.check("#show-test")
    page.click("#play")
    page.wait_for_function("document.body.classList.contains('playing')")
    page.wait_for_function("document.querySelector('#test-acc').textContent === '100.0%'")
    page.click("#play")  # pause
    page.wait_for_function("!window.playground.playing")
    # the boundary: XOR's quadrants, blue where x1 * x2 > 0 (top right, bottom left)
    shot = png(page.locator("#heatmap").screenshot())
    w, h = shot.size
    quadrant = {
        (i, j): shot.getpixel((int(w * i / 4), int(h * j / 4))) for i in (1, 3) for j in (1, 3)
    }
    assert blue(quadrant[3, 1]) and blue(quadrant[1, 3]), quadrant
    assert orange(quadrant[1, 1]) and orange(quadrant[3, 3]), quadrant
    # paused: nothing trains; step: exactly one epoch; reset: epoch 0
    epoch = int(page.evaluate("document.body.dataset.epoch"))
    page.click("#redraw")  # a round trip through the server
    page.wait_for_function(f"document.body.dataset.graphEpoch === '{epoch}'")
    assert int(page.evaluate("document.body.dataset.epoch")) == epoch
    page.click("#step")
    page.wait_for_function(f"document.body.dataset.epoch === '{epoch + 1}'")
    page.click("#reset")
    page.wait_for_function("document.body.dataset.epoch === '0'")
    assert page.inner_text("#epoch") == "000,000"


def test_bad_input_is_refused_with_the_servers_message(page):
    for selector, value, field in [
        ("#learning_rate", "-0.1", "learning_rate"),
        ("#seed", "abc", "seed"),
        ("#units-0", "10000", None),
        ("#reg_rate", "", "reg_rate"),
    ]:
        set_text(page, selector, value)
        if field:
            expected = message_for({field: value})
        else:
            expected = message_for({"hidden": [value, "2"]})
        wait_for_error(page, expected)
        assert page.locator(f"{selector}.invalid").count() == 1
        assert page.is_visible("#errors")
        set_text(page, selector, {"#units-0": "4", "#reg_rate": "0"}.get(selector, "0.03"))
        if selector == "#seed":
            set_text(page, selector, "0")
        page.wait_for_function("document.querySelector('#errors').hidden")
    # the server checks too: settings sent past the page's own check come back refused
    page.evaluate(
        "window.playground.ws.send(JSON.stringify({type: 'config', settings: "
        "{learning_rate: '-5', hidden: ['2', '2', '2', '2', '2', '2', '2']}}))"
    )
    page.wait_for_function("document.querySelector('#errors').textContent.includes('at most 6')")
    assert message_for({"learning_rate": "-5"}) in page.inner_text("#errors")
    assert page.evaluate("window.playground.config.learning_rate") == 0.03
    # no feature at all is refused, the last one stays on
    page.click('button.feature[data-feature="x2"]')
    wait_config(page, features=["x1"])
    page.click('button.feature[data-feature="x1"]')
    page.wait_for_function(
        "document.querySelector('#errors').textContent.includes('at least 1 input feature')"
    )
    assert page.evaluate("window.playground.config.features") == ["x1"]


def test_layers_units_features_and_the_graph(page):
    for _ in range(2):
        page.click("#add-layer")
    page.wait_for_function("window.playground.config.hidden.length === 4")
    page.click('button.feature[data-feature="sin(x1)"]')
    page.select_option("#regularization", "L2")
    set_text(page, "#reg_rate", "0.01")
    wait_config(page, hidden=[4, 2, 2, 2], regularization="L2", reg_rate=0.01)
    page.wait_for_function("window.playground.config.features.includes('sin(x1)')")
    assert page.inner_text("#layer-count") == "4"
    assert page.locator("#network .node.hidden").count() == 10
    page.click("#step")
    page.wait_for_function("document.body.dataset.graphEpoch === '1'")
    text = page.locator("#graph-view svg").text_content()
    assert "hidden4.weight" in text and "act4: Tanh" in text
    for _ in range(4):
        page.click("#remove-layer")
    page.wait_for_function("window.playground.config.hidden.length === 0")
    assert page.text_content("#layer-word") == "hidden layers"
    assert page.locator("#network .node.hidden").count() == 0
    assert page.locator("#add-layer").is_enabled() and page.locator("#remove-layer").is_disabled()


def test_several_tabs_train_at_once_and_closing_frees_them(browser, server):
    wait_sessions(server, 0)  # the earlier tests' tabs are closed and freed
    pages = [browser.new_page() for _ in range(3)]
    for p in pages:
        p.goto(server)
        p.wait_for_function("window.playground.frames > 0")
    sessions = {p.evaluate("window.playground.session") for p in pages}
    assert len(sessions) == 3 and status(server)["sessions"] == 3
    pages[0].select_option("#activation", "relu")
    wait_config(pages[0], activation="relu")
    for p in pages:
        p.click("#play")
    for p in pages:
        p.wait_for_function("Number(document.body.dataset.epoch) >= 5")
    assert status(server)["sessions"] == 3  # the server answers while all train
    assert pages[1].evaluate("window.playground.config.activation") == "tanh"  # tabs independent
    pages[0].close()
    pages[1].close()
    wait_sessions(server, 1)
    assert int(pages[2].evaluate("document.body.dataset.epoch")) >= 5
    pages[2].close()
