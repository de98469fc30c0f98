"""First run: the README promises the browser opens; the config must agree, and every
automated start (browser tests, benchmark) must stay headless."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_person_starting_the_app_gets_the_browser_and_no_email_question():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["headless"] is False
    assert config["server"]["showEmailPrompt"] is False
    assert "Your browser opens at" in (ROOT / "README.md").read_text()


def test_tests_and_the_benchmark_start_the_server_headless():
    for starter in ("tests/e2e/conftest.py", "bench/bench_pages.py"):
        text = (ROOT / starter).read_text()
        assert '"--server.headless", "true"' in text, starter
