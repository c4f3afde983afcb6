# SPDX-License-Identifier: GPL-3.0-or-later
# The two commands of the quick start: `make run` and `make test`.
# Both install what is missing first (scripts/setup.sh), then build with meson.

BUILD      ?= build
TESTBUILD  ?= build-test
MESON_ARGS ?=

.PHONY: all setup build run test quick fuzz analyze install bench clean

all: build

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized $(MESON_ARGS)

build: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	$(BUILD)/src/sightline

# The suite runs on a debug build with ASan + UBSan.  Window tests start
# under xvfb-run (tests/meson.build), so no display is needed here.
$(TESTBUILD)/build.ninja:
	meson setup $(TESTBUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false $(MESON_ARGS)

# Then the pipeline once more under ThreadSanitizer.
TSANBUILD  ?= build-tsan

$(TSANBUILD)/build.ninja:
	meson setup $(TSANBUILD) --buildtype=debug -Db_sanitize=thread -Db_lundef=false $(MESON_ARGS)

# And the parsers of outside input under libFuzzer (clang), for a bounded
# time each; longer by hand: meson configure $(FUZZBUILD) -Dfuzz_seconds=600.
FUZZBUILD  ?= build-fuzz

$(FUZZBUILD)/build.ninja:
	CC=clang CXX=clang++ meson setup $(FUZZBUILD) --buildtype=debugoptimized -Dfuzzing=true \
	  -Db_sanitize=address,undefined -Db_lundef=false $(MESON_ARGS)

# And gcc's static analyzer over core: every path through every function;
# what it finds fails the build like any warning.
ANALYZEBUILD ?= build-analyzer

$(ANALYZEBUILD)/build.ninja:
	meson setup $(ANALYZEBUILD) --buildtype=debug -Dc_args=-fanalyzer $(MESON_ARGS)

test: setup $(TESTBUILD)/build.ninja $(TSANBUILD)/build.ninja $(FUZZBUILD)/build.ninja $(ANALYZEBUILD)/build.ninja
	ninja -C $(ANALYZEBUILD) core
	ninja -C $(TESTBUILD)
	meson test -C $(TESTBUILD) --print-errorlogs --num-processes 2 --timeout-multiplier 3
	ninja -C $(TSANBUILD) tests/test-pipeline tests/test-calibration src/sightline
	meson test -C $(TSANBUILD) --no-rebuild --print-errorlogs --suite threads
	ninja -C $(FUZZBUILD) fuzz-targets
	meson test -C $(FUZZBUILD) --no-rebuild --print-errorlogs --suite fuzzing

# What to run on every change: no real-data analysis, a few minutes.
quick: build
	meson test -C $(BUILD) --print-errorlogs --suite quick

analyze: setup $(ANALYZEBUILD)/build.ninja
	ninja -C $(ANALYZEBUILD) core

fuzz: setup $(FUZZBUILD)/build.ninja
	ninja -C $(FUZZBUILD) fuzz-targets
	meson test -C $(FUZZBUILD) --no-rebuild --print-errorlogs --suite fuzzing

install: build
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(TESTBUILD) $(TSANBUILD) $(FUZZBUILD) $(ANALYZEBUILD)
