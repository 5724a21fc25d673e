"""Run the site under gunicorn on loopback for the length of an audit or benchmark.

The environment is the caller's: the Makefile's ``RUN_ENV`` (DEBUG off, plain
http, the local secret key), so what is measured is what ``make run`` serves.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """gunicorn did not start or did not answer."""


def free_port(host=HOST):
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_is_free(port, host=HOST):
    """True when nothing listens on ``port``; connections of a finished run in TIME_WAIT do not count."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def get(base_url, path, headers=None, timeout=30):
    """``(status, headers, body)`` for one GET, the body exactly as sent (not decompressed)."""
    host_port = base_url.split("://", 1)[1].rstrip("/")
    connection = http.client.HTTPConnection(host_port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class ServerURL(str):
    """The base URL of a running gunicorn; ``.pid`` is its master's process id."""

    pid = None


@contextlib.contextmanager
def gunicorn(*, port=0, workers=3, log_path, ready_path="/", timeout=30, env=None, extra_args=()):
    """Start gunicorn in the background, yield its base URL (a ``ServerURL``), always stop it.

    ``env`` adds to (or overrides) the caller's environment for gunicorn only.

    ``workers=None`` leaves the number to ``extra_args`` (say ``-c deploy/gunicorn.conf.py``).

    Stopping sends SIGTERM to the gunicorn master started here (by its pid; it
    stops its own workers), then SIGKILL if it has not exited in 10 seconds.
    """
    port = port or free_port()
    if not port_is_free(port):
        raise ServerError(f"port {port} on {HOST} is already in use")
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    base_url = ServerURL(f"http://{HOST}:{port}")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "namdong_site.wsgi",
                *extra_args, "--bind", f"{HOST}:{port}", "--access-logfile", "-",
                *(["--workers", str(workers)] if workers else []),
            ],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
    base_url.pid = process.pid
    # A Ctrl-C or a CI time-out must still reach the `finally` below.
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        _wait_until_ready(process, base_url, ready_path, timeout, log_path)
        yield base_url
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(process)


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def _wait_until_ready(process, base_url, path, timeout, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited with code {process.returncode}:\n{_tail(log_path)}")
        try:
            status, _, _ = get(base_url, path, timeout=5)
        except OSError:
            time.sleep(0.2)
            continue
        if status < 500:
            return
        raise ServerError(f"gunicorn answered HTTP {status} on {path}:\n{_tail(log_path)}")
    raise ServerError(f"gunicorn did not answer on {base_url} within {timeout} s:\n{_tail(log_path)}")


def _stop(process):
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _tail(path, lines=20):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
