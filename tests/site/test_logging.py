"""Request logging: one line per request, no secrets from capability URLs, no query strings."""

import logging


def test_one_line_per_request_without_tokens_or_query(client, db, caplog):
    token = "A" * 43
    with caplog.at_level(logging.INFO, logger="backhealth.requests"):
        client.get(f"/results/{token}/")
        client.get("/no-such-page/?q=my+private+words")
    lines = [r.getMessage() for r in caplog.records if r.name == "backhealth.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /results/…/ 404 ")
    assert token not in "\n".join(lines)
    assert "private" not in "\n".join(lines)
    assert all("\n" not in line for line in lines)
