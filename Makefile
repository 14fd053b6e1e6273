# One command runs the app, one runs the tests; both set everything up on a fresh machine.
# torch is installed first and alone, as the CPU wheel torch==2.13.0: any other torch spec
# would pull gigabytes of CUDA packages. FluidSynth's library comes from Debian (apt-get,
# as root or through sudo); without it, audio falls back to the built-in synth.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export OMP_NUM_THREADS ?= 1

.PHONY: install run test bench train train-reader clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	-@ldconfig -p 2>/dev/null | grep -q libfluidsynth || \
		{ if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq libfluidsynth3 >/dev/null; \
		  elif command -v sudo >/dev/null; then sudo -n apt-get install -y -qq libfluidsynth3 >/dev/null; fi; } || \
		echo "note: libfluidsynth3 not installed; audio uses the built-in synth"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/cocomposer $(ARGS)

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m bench.run

train: install
	$(BIN)/cocomposer train --threads 2

train-reader: install
	$(BIN)/python -m models.requests.train

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
