"""Editor: the real YAML language server (npm `yaml-language-server`, the one VS Code's YAML
extension runs), driven over stdio LSP by a small client. It finds the schema from each file's
`# yaml-language-server: $schema=` line, as an editor does."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.clients import REPO, npm_file, program

pytestmark = pytest.mark.clients

TIMEOUT = 60.0


class LanguageServer:
    """A minimal LSP client: JSON-RPC with Content-Length framing over the server's stdio."""

    def __init__(self, root: Path) -> None:
        node = program("node", "Node.js 18 or newer")
        server = npm_file("yaml-language-server/bin/yaml-language-server", "yaml-language-server")
        self.proc = subprocess.Popen(
            [node, str(server), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self.settings}})

    settings: dict[str, Any] = {  # noqa: RUF012
        "validate": True,
        "schemaStore": {"enable": False},  # no network: only the files' own $schema lines
        "completion": True,
        "hover": True,
    }

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._handle(deadline)
            if message.get("id") == wanted and "method" not in message:
                assert "error" not in message, message
                return message.get("result")

    def _handle(self, deadline: float) -> dict[str, Any]:
        """Take one message; answer the server's own requests; record diagnostics."""
        message = self.messages.get(timeout=max(0.1, deadline - time.monotonic()))
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:  # a request to us
            if method == "workspace/configuration":
                items = message["params"]["items"]
                result: Any = [self.settings if i.get("section") == "yaml" else None for i in items]
            else:
                result = None
            self._send({"id": message["id"], "result": result})
        return message

    def diagnose(self, path: Path) -> list[dict[str, Any]]:
        """Open `path` and wait for the diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        self.diagnostics.pop(uri, None)
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        deadline = time.monotonic() + TIMEOUT
        while uri not in self.diagnostics:
            self._handle(deadline)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def server() -> Any:
    ls = LanguageServer(REPO)
    yield ls
    ls.close()


def test_every_example_file_opens_without_diagnostics(server: LanguageServer) -> None:
    files = sorted((REPO / "data").rglob("*.yaml"))
    assert len(files) > 40
    found = {str(p.relative_to(REPO)): server.diagnose(p) for p in files}
    assert {rel: diags for rel, diags in found.items() if diags} == {}


def test_schema_mistakes_are_shown_at_their_lines(server: LanguageServer, tmp_path: Path) -> None:
    """A wrong type, an unknown key and a missing required field: three diagnostics, each at
    the line an editor underlines. The schema is the shipped one, found from the first line."""
    folder = tmp_path / "data" / "gebieden" / "szh"
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    path = folder / "leden.yaml"
    path.write_text(
        "# yaml-language-server: $schema=../../../schema/leden.schema.json\n"  # line 1
        "leden:\n"
        "  - id: joke-aldersveld\n"
        "    naam: [Joke, Aldersveld]\n"  # line 4: a list where a name belongs
        "    rol: bewonersteam\n"
        "  - id: ruud-kamperman\n"
        "    naam: Ruud Kamperman\n"
        "    rol: bewonersteam\n"
        "    telfoon: 0612345670\n"  # line 9: unknown key (tikfout)
        "  - id: fatima-el-amrani\n"  # line 10: this member has no rol
        "    naam: Fatima el Amrani\n",
        encoding="utf-8",
    )
    diags = server.diagnose(path)
    got = sorted((d["range"]["start"]["line"] + 1, d["message"]) for d in diags)
    lines = [line for line, _ in got]
    assert lines == [4, 9, 10], got
    messages = dict(got)
    assert "Incorrect type" in messages[4]
    assert "telfoon" in messages[9] and "not allowed" in messages[9]
    assert 'Missing property "rol"' in messages[10]
    assert all(d["severity"] in (1, 2) for d in diags)
