"""`graphgrad-playground`: serve the playground on 127.0.0.1 and print its address."""

from __future__ import annotations

import argparse
import socket
import sys
import webbrowser


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Parse the options and serve until Ctrl-C."""
    p = argparse.ArgumentParser(
        prog="graphgrad-playground",
        description="TensorFlow Playground on graphgrad: train small networks on 2-D data in "
        "the browser and watch the decision boundary, each neuron, the loss curves and the "
        "live computation graph.",
    )
    p.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.add_argument("--max-sessions", type=int, default=8, help="tabs served at once (default 8)")
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=300.0,
        help="seconds a tab may stay silent before its session is freed (default 300)",
    )
    args = p.parse_args(argv)
    try:
        import uvicorn

        from .server import create_app
    except ImportError as e:
        print(
            f"graphgrad-playground needs the web extra ({e.name} is missing); install it with\n"
            "    pip install 'graphgrad[playground]'",
            file=sys.stderr,
        )
        return 1
    if not 0 < args.port < 65536:
        p.error(f"--port must be between 1 and 65535, got {args.port}")
    if not _port_free(args.host, args.port):
        print(
            f"port {args.port} on {args.host} is in use; pass another with --port", file=sys.stderr
        )
        return 1
    app = create_app(max_sessions=args.max_sessions, idle_timeout=args.idle_timeout)
    url = f"http://{args.host}:{args.port}/"
    print(f"graphgrad playground: {url}  (Ctrl-C stops it)", flush=True)
    if args.open:
        webbrowser.open(url)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", ws="websockets-sansio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
