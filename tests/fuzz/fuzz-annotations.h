/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once
#include "fuzz-common.h"
#include "sl-eval-formats.h"
