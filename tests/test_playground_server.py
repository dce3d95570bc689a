"""nn.playground's web layer through Starlette's TestClient (no browser): the websocket protocol."""

import re
import socket

import pytest

pytest.importorskip("starlette", reason="the playground's web layer needs graphgrad[playground]")
pytest.importorskip("httpx2", reason="Starlette's TestClient needs httpx")

from starlette.testclient import TestClient  # noqa: E402

from nn.playground import cli  # noqa: E402
from nn.playground.server import create_app  # noqa: E402


@pytest.fixture
def client():
    with TestClient(create_app(max_sessions=2, graph_interval=0.2)) as c:
        yield c


def receive_until(ws, kind: str, limit: int = 200) -> dict:
    """The next message of type `kind` (skipping others)."""
    for _ in range(limit):
        m = ws.receive_json()
        if m["type"] == kind:
            return m
    raise AssertionError(f"no {kind!r} message in {limit}")


def test_page_assets_and_rules(client):
    page = client.get("/")
    assert page.status_code == 200 and "graphgrad playground" in page.text
    for asset in ("playground.js", "playground.css", "favicon.svg", ""):
        text = client.get(f"/static/{asset}").text if asset else page.text
        assert not re.search(r"https?://(?!www\.w3\.org/)", text)  # all offline: no CDN
    rules = client.get("/api/rules").json()
    assert rules["rules"]["learning_rate"]["exclusive_min"] is True
    assert rules["defaults"]["hidden"] == [4, 2] and "x1*x2" in rules["features"]
    assert client.get("/api/status").json() == {"sessions": 0, "max_sessions": 2}


def test_a_tab_gets_data_a_frame_and_the_graph(client):
    with client.websocket_connect("/ws") as ws:
        hello = ws.receive_json()
        assert hello["type"] == "hello" and hello["config"]["dataset"] == "circle"
        assert "rules" in hello
        points = receive_until(ws, "points")
        assert len(points["train"]) == 250
        assert receive_until(ws, "frame")["epoch"] == 0
        graph = receive_until(ws, "graph")
        assert graph["svg"].lstrip().startswith("<?xml") and "hidden1.weight" in graph["svg"]
        assert client.get("/api/status").json()["sessions"] == 1
    assert client.get("/api/status").json()["sessions"] == 0  # closing the tab frees it


def test_step_play_pause_reset(client):
    with client.websocket_connect("/ws") as ws:
        receive_until(ws, "frame")
        ws.send_json({"type": "step"})
        assert receive_until(ws, "frame")["epoch"] == 1
        ws.send_json({"type": "play"})
        assert receive_until(ws, "status")["playing"] is True
        epochs = [receive_until(ws, "frame")["epoch"] for _ in range(5)]
        assert epochs == sorted(epochs) and epochs[-1] > 1
        ws.send_json({"type": "pause"})
        assert receive_until(ws, "status")["playing"] is False
        ws.send_json({"type": "reset"})
        assert receive_until(ws, "frame")["epoch"] == 0


def test_bad_settings_are_refused_with_messages(client):
    with client.websocket_connect("/ws") as ws:
        receive_until(ws, "frame")
        ws.send_json({"type": "config", "settings": {"learning_rate": "-0.1", "hidden": [10000]}})
        m = receive_until(ws, "invalid")
        assert m["errors"] == {
            "learning_rate": "Learning rate must be greater than 0 (got -0.1)",
            "hidden": "Neurons per layer must be between 1 and 8 (got 10000)",
        }
        assert m["config"]["learning_rate"] == 0.03
        ws.send_text("not json")  # ignored, the tab stays open
        ws.send_json({"type": "config", "settings": {"dataset": "xor", "learning_rate": "0.1"}})
        m = receive_until(ws, "config")
        assert m["restarted"] is True and m["config"]["learning_rate"] == 0.1
        assert receive_until(ws, "points")["problem"] == "classification"


def test_sessions_are_capped(client):
    with client.websocket_connect("/ws") as a, client.websocket_connect("/ws") as b:
        receive_until(a, "frame")
        receive_until(b, "frame")
        with client.websocket_connect("/ws") as c:
            m = c.receive_json()
            assert m["type"] == "fatal" and "2 open sessions" in m["message"]
        assert client.get("/api/status").json()["sessions"] == 2


def test_idle_tabs_are_closed():
    with TestClient(create_app(idle_timeout=0.2)) as c:
        with c.websocket_connect("/ws") as ws:
            m = receive_until(ws, "fatal")
            assert "without contact" in m["message"]
        assert c.get("/api/status").json()["sessions"] == 0


def test_cli_refuses_a_busy_port(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert cli.main(["--port", str(port)]) == 1
    assert f"port {port} on 127.0.0.1 is in use" in capsys.readouterr().err


def test_show_embeds_the_page_from_a_child_server():
    pytest.importorskip("IPython")
    import urllib.request

    import nn.playground

    frame = nn.playground.show(height=900)
    try:
        assert frame.height == 900 and frame.src.startswith("http://127.0.0.1:")
        assert nn.playground.show().src == frame.src  # one server per kernel
        with urllib.request.urlopen(frame.src, timeout=10) as r:
            assert b"graphgrad playground" in r.read()
    finally:
        nn.playground.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(frame.src + "api/status", timeout=5)
