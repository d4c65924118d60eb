"""gunicorn settings for production: behind nginx, on a unix socket only nginx can open.

Used by deploy/systemd/backhealth.service (``gunicorn --config deploy/gunicorn.conf.py``) and by
``make proxy-test``. Environment overrides: BACKHEALTH_BIND, BACKHEALTH_WORKERS.
"""

import os

# systemd passes the socket in (deploy/systemd/backhealth.socket); the address must match.
bind = os.environ.get("BACKHEALTH_BIND", "unix:/run/backhealth/gunicorn.sock")
workers = int(os.environ.get("BACKHEALTH_WORKERS", "3"))
# Sync workers: fine behind a buffering proxy, which alone deals with slow clients.
worker_class = "sync"
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
control_socket_disable = True

# No access log here: nginx writes one (token redacted) and the site logs one line per request.
accesslog = None
errorlog = "-"
loglevel = "info"
# The master's own log lines go through the same redacting filter as the site's (in each
# worker, Django's LOGGING takes over gunicorn's loggers).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "backhealth.logfilter.RedactFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def post_worker_init(worker):
    """Build the search index before this worker takes requests, so no visitor waits for it
    (a new worker, or one recycled by max_requests: 2–6 s at 5,000 articles)."""
    from articles.searchindex import warm_up

    warm_up()
