/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once
#include "eval/sl-eval-formats.h"
#include "fuzz-common.h"
