"""Real servers for the deployment tests, each on a free loopback port, stopped when the test is done."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A loopback port nothing listens on (bound and released: the kernel will refuse connections to it)."""
    return free_port()


def wait_for(predicate, seconds=30, what="server"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start in {seconds} s")


def _answers_http(url):
    try:
        urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - loopback URL of our own server
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


class MotoS3:
    """moto's S3-compatible server (moto[server]), a separate process like MinIO would be."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _answers_http(f"{self.endpoint}/"), what="moto_server")
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )

    def options(self, bucket):
        """OPTIONS for STORAGES, as production settings build them from S3_* variables."""
        return {
            "endpoint_url": self.endpoint,
            "access_key": "test",
            "secret_key": "test",
            "region_name": "us-east-1",
            "addressing_style": "path",
            "bucket_name": bucket,
        }


class Redis:
    """A throwaway redis-server (Debian's) with no persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.dir = tempfile.mkdtemp(prefix="hoctap-deploy-redis-")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, what="redis-server")
        return self

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)


def env_without_django(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_", "DATABASE_REPLICA"))}
    env.update(extra)
    return env
