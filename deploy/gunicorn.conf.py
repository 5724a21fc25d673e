"""gunicorn settings for production (systemd runs ``gunicorn -c deploy/gunicorn.conf.py``) and ``make loadtest``.

Every value can be overridden from the environment (``GUNICORN_*``) or the
command line. See docs/deploy.md.
"""

import multiprocessing
import os

# nginx proxies to this address; keep it on loopback (or a Unix socket: "unix:/run/namdong/gunicorn.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: one request at a time each, so a killed or stuck worker loses at most one
# request. The classic rule of thumb, 2 x cores + 1, keeps the CPUs busy while some workers wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# The listen queue holds connections while every worker is busy (nginx retries nothing).
backlog = 2048
# A request that takes longer than this is stuck: the master kills and replaces its worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM/SIGHUP workers finish the request in hand before they stop.
graceful_timeout = 30
keepalive = 5

# Recycle each worker after 10,000-12,000 requests so slow memory growth never builds up. A new
# worker imports the whole site (about a second of CPU), so not too often; the wide jitter keeps
# the workers from restarting together (with 1,000 and a jitter of 100, all five restarted within
# moments of each other every few seconds under load, and p99 went to several seconds).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 5

# Worker heartbeats on tmpfs, not on a disk that may stall (and ProtectSystem=strict keeps /tmp private).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The proxy in front sets X-Forwarded-Proto; trust it only from loopback.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log to stdout (the journal under systemd) with the time taken, in microseconds (%(D)s).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "namdong"
