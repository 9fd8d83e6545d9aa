.PHONY: run test lint fmt bench ci
run:
	./scripts/run.sh
test:
	./scripts/test.sh
lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
fmt:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
bench:
	DEBUG=true .venv/bin/python manage.py bench
ci:
	bash .ci/run
