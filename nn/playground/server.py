"""The playground's web layer: a Starlette app serving the page and one websocket per tab.

Each websocket owns one `Session` (opened on connect, freed on close or after the idle
timeout). graphgrad work (training, frames, drawing) runs on one worker thread shared
by every tab, in the order it was asked for, so the event loop never blocks and the
engine's process-wide state (grad mode, module scope) is never used by two threads at
once; Graphviz's `dot` runs on a second small pool. A playing tab trains at most
`batches_per_frame` mini-batches per frame and redraws its graph at most every
`graph_interval` seconds.

Messages from the page: {"type": "config", "settings": {...}}, "play", "pause", "step",
"reset", "graph", "ping". To the page: "hello", "points", "frame", "graph", "status",
"invalid" (settings refused, with one message per field), "fatal" (the session ended).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from .config import ConfigError, rules_json
from .manager import SessionManager, TooManySessions
from .session import Session

__all__ = ["create_app", "STATIC"]

STATIC = Path(__file__).with_name("static")


class _Engine:
    """The worker threads: one for graphgrad, a small pool for Graphviz's `dot`."""

    def __init__(self):
        self.graphgrad = ThreadPoolExecutor(1, thread_name_prefix="playground-engine")
        self.dot = ThreadPoolExecutor(2, thread_name_prefix="playground-dot")

    async def run(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.graphgrad, partial(fn, *args))

    async def render(self, digraph) -> str:
        fn = partial(digraph.pipe, format="svg", encoding="utf-8")
        return await asyncio.get_running_loop().run_in_executor(self.dot, fn)

    def shutdown(self):
        self.graphgrad.shutdown(wait=False, cancel_futures=True)
        self.dot.shutdown(wait=False, cancel_futures=True)


class _Tab:
    """One websocket and its session: the message loop, the training loop, the graph."""

    def __init__(self, ws: WebSocket, sid: str, session: Session, app):
        self.ws, self.sid, self.session = ws, sid, session
        self.engine: _Engine = app.state.engine
        self.opts: dict = app.state.options
        self.playing = False
        self._trainer: asyncio.Task | None = None
        self._grapher: asyncio.Task | None = None
        self._graph_wanted = False
        self._last_graph = 0.0
        self._send_lock = asyncio.Lock()
        self._work_lock = asyncio.Lock()  # a command waits for the frame in flight

    async def send(self, message: dict | str) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        async with self._send_lock:
            await self.ws.send_text(text)

    # ------------------------------------------------------------ session work

    def _frame_text(self, batches: int = 0) -> str:
        """Train `batches` mini-batches, then the frame as JSON (on the engine thread)."""
        if batches:
            self.session.train_batches(batches)
        return json.dumps({"type": "frame", **self.session.frame()})

    def _points_text(self) -> str:
        return json.dumps({"type": "points", **self.session.points()})

    async def send_all(self) -> None:
        """Points, a frame and, soon, the graph: after connecting, a reset or new data."""
        await self.send(await self.engine.run(self._points_text))
        await self.send(await self.engine.run(self._frame_text))
        self.want_graph()

    async def status(self) -> None:
        await self.send({"type": "status", "playing": self.playing})

    # ------------------------------------------------------------ loops

    async def run(self) -> None:
        await self.send(
            {
                "type": "hello",
                "session": self.sid,
                "config": self.session.config.to_dict(),
                **rules_json(),
            }
        )
        await self.send_all()
        while True:
            text = await self.ws.receive_text()
            self.opts["manager"].touch(self.sid)
            try:
                message = json.loads(text)
            except ValueError:
                message = None
            await self.handle(message if isinstance(message, dict) else {})

    async def handle(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "play":
            self.playing = True
            if self._trainer is None or self._trainer.done():
                self._trainer = asyncio.create_task(self._train())
            await self.status()
        elif kind == "pause":
            await self.pause()
        elif kind == "step":
            await self.pause()
            async with self._work_lock:
                await self.engine.run(self.session.step)
                await self.send(await self.engine.run(self._frame_text))
            self.want_graph()
        elif kind == "reset":
            await self.pause()
            async with self._work_lock:
                await self.engine.run(self.session.reset)
                await self.send_all()
        elif kind == "config":
            async with self._work_lock:
                try:
                    restarted = await self.engine.run(
                        self.session.configure, message.get("settings", {})
                    )
                except ConfigError as e:
                    await self.send(
                        {
                            "type": "invalid",
                            "errors": e.errors,
                            "config": self.session.config.to_dict(),
                        }
                    )
                    return
                config = self.session.config.to_dict()
                await self.send({"type": "config", "config": config, "restarted": restarted})
                if restarted:
                    await self.send_all()
                else:
                    self.want_graph()
        elif kind == "graph":
            self.want_graph()
        # "ping" (the page's heartbeat) and anything unknown: nothing beyond the touch

    async def pause(self) -> None:
        was = self.playing
        self.playing = False
        if self._trainer is not None:
            await self._trainer  # finishes the frame in flight, then stops
            self._trainer = None
        if was:
            self.want_graph()
        await self.status()

    async def _train(self) -> None:
        loop = asyncio.get_running_loop()
        interval, batches = self.opts["frame_interval"], self.opts["batches_per_frame"]
        while self.playing:
            start = loop.time()
            async with self._work_lock:
                await self.send(await self.engine.run(self._frame_text, batches))
            if loop.time() - self._last_graph >= self.opts["graph_interval"]:
                self.want_graph()
            await asyncio.sleep(max(0.0, interval - (loop.time() - start)))

    def want_graph(self) -> None:
        """Redraw the graph soon (one drawing at a time; requests meanwhile are merged)."""
        self._graph_wanted = True
        if self._grapher is None or self._grapher.done():
            self._grapher = asyncio.create_task(self._draw())

    async def _draw(self) -> None:
        loop = asyncio.get_running_loop()
        while self._graph_wanted:
            self._graph_wanted = False
            self._last_graph = loop.time()
            epoch = self.session.epoch
            try:
                digraph, epoch = await self.engine.run(self._graph)
                svg = await self.engine.render(digraph)
            except Exception as e:  # Graphviz missing or failing: say so in the panel
                await self.send({"type": "graph", "epoch": epoch, "svg": None, "error": str(e)})
                return
            await self.send({"type": "graph", "epoch": epoch, "svg": svg})

    def _graph(self):
        return self.session.graph(), self.session.epoch

    async def stop(self) -> None:
        self.playing = False
        for task in (self._trainer, self._grapher):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task


async def _websocket(ws: WebSocket) -> None:
    app = ws.app
    manager: SessionManager = app.state.options["manager"]
    await ws.accept()
    try:
        sid, session = await app.state.engine.run(manager.open)
    except TooManySessions as e:
        await ws.send_text(json.dumps({"type": "fatal", "message": str(e)}))
        await ws.close(code=1013)
        return
    tab = _Tab(ws, sid, session, app)
    app.state.tabs[sid] = tab
    try:
        await tab.run()
    except WebSocketDisconnect:
        pass
    finally:
        await tab.stop()
        app.state.tabs.pop(sid, None)
        manager.close(sid)


async def _reaper(app) -> None:
    """Close the tabs whose pages stopped sending (no heartbeat for the idle timeout)."""
    manager: SessionManager = app.state.options["manager"]
    while True:
        await asyncio.sleep(app.state.options["reap_interval"])
        for sid in manager.reap():
            tab = app.state.tabs.pop(sid, None)
            if tab is None:
                continue
            await tab.stop()
            with contextlib.suppress(Exception):
                message = f"closed after {manager.idle_timeout:g} s without contact; reload"
                await tab.send({"type": "fatal", "message": message})
                await tab.ws.close(code=1001)


def create_app(
    max_sessions: int = 8,
    idle_timeout: float = 300.0,
    frame_interval: float = 0.05,
    batches_per_frame: int = 50,
    graph_interval: float = 2.0,
) -> Starlette:
    """The playground's ASGI app (serve it with uvicorn; `graphgrad-playground` does).

    max_sessions: tabs served at once (one session each); idle_timeout: seconds without
    a message (the page sends one every 20 s) before a session is freed;
    frame_interval: the least time between two frames of a playing tab;
    batches_per_frame: the most mini-batches trained per frame; graph_interval: the least
    time between two graph drawings while playing.
    """

    async def index(request):
        return FileResponse(STATIC / "index.html")

    async def rules(request):
        return JSONResponse(rules_json())

    async def status(request):
        manager = request.app.state.options["manager"]
        return JSONResponse({"sessions": len(manager), "max_sessions": manager.max_sessions})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        reaper = asyncio.create_task(_reaper(app))
        try:
            yield
        finally:
            reaper.cancel()
            app.state.engine.shutdown()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/api/rules", rules),
            Route("/api/status", status),
            WebSocketRoute("/ws", _websocket),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        lifespan=lifespan,
    )
    app.state.engine = _Engine()
    app.state.tabs = {}
    app.state.options = {
        "manager": SessionManager(max_sessions, idle_timeout),
        "frame_interval": frame_interval,
        "batches_per_frame": batches_per_frame,
        "graph_interval": graph_interval,
        "reap_interval": min(5.0, idle_timeout / 4),
    }
    return app
